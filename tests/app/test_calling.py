"""Controller methods are called as the platform calls them, whatever their signature."""

from __future__ import annotations

from viktorlite.app.calling import call_with_params

CONTEXT = {"entity_id": 7, "entity_name": "E", "workspace_id": 1}


class Methods:
    def platform_style(self, params, **kwargs):
        return params, kwargs

    def named_context(self, params, entity_id, entity_name):
        return params, entity_id, entity_name

    def no_params(self, **kwargs):
        return kwargs

    def nothing(self):
        return "ran"

    def other_name(self, p):
        return p


def test_platform_style_gets_params_and_every_keyword():
    assert call_with_params(Methods().platform_style, "P", **CONTEXT) == ("P", CONTEXT)


def test_only_accepted_keywords_are_passed():
    assert call_with_params(Methods().named_context, "P", **CONTEXT) == ("P", 7, "E")


def test_methods_without_params_still_run():
    assert call_with_params(Methods().no_params, "P", **CONTEXT) == CONTEXT
    assert call_with_params(Methods().nothing, "P", **CONTEXT) == "ran"


def test_params_go_to_the_first_positional_parameter_whatever_its_name():
    assert call_with_params(Methods().other_name, "P", **CONTEXT) == "P"
