"""Posted params against a schema, without app code: what is refused and what is let through."""

from __future__ import annotations

import pytest

from viktorlite.protocol.constraints import Unknown, evaluate, evaluate_or
from viktorlite.protocol.params_check import check_params, describe
from viktorlite.sdk import parametrization as vp
from viktorlite.sdk.parametrization import schema_of


class P(vp.Parametrization):
    tab = vp.Tab("Tab")
    tab.x = vp.NumberField("X", min=0, max=vp.Lookup("tab.limit"))
    tab.limit = vp.IntegerField("Limit")
    tab.flag = vp.BooleanField("Flag")
    tab.hidden = vp.NumberField("Hidden", max=1, visible=vp.Lookup("tab.flag"))
    tab.by_callback = vp.NumberField("By callback", max=1, visible=lambda params, **kwargs: True)
    tab.pick = vp.OptionField("Pick", ["a", "b"])
    tab.dyn = vp.OptionField("Dyn", lambda params, **kwargs: ["z"])
    more = vp.Tab("More")
    more.moved = vp.TextField("Moved", name="elsewhere.deep")
    more.anything = vp.HiddenField("Anything", name="anything")
    more.rows = vp.DynamicArray("Rows", max=2, name="rows")
    more.rows.n = vp.IntegerField("N", max=3, visible=vp.IsEqual(vp.RowLookup("on"), True))
    more.rows.on = vp.BooleanField("On")


SCHEMA = schema_of(P)


def problems(params, **kwargs):
    return {p.field: p.message for p in check_params(SCHEMA, params, **kwargs)}


def test_valid_params_pass_even_when_partial():
    assert problems({}) == {}
    assert problems({"tab": {"x": 3, "limit": 5, "pick": "a", "dyn": "anything"}, "elsewhere": {"deep": "t"}}) == {}
    assert problems({"anything": {"free": ["form", 1]}, "rows": [{"n": 3, "on": True}]}) == {}


def test_every_kind_of_problem_names_its_field():
    found = problems(
        {
            "tab": {"x": "1", "pick": "c", "unknown": 1},
            "moved": "not here: name= moved it",
            "rows": [{"n": 4, "on": True}, {"n": 1.5}, {"zz": 1}],
        }
    )
    assert found == {
        "tab.x": "tab.x: must be a number",
        "tab.pick": "tab.pick: 'c' is not one of the options",
        "tab.unknown": "tab.unknown: the parametrization has no such field",
        "moved": "moved: the parametrization has no such field",
        "rows": "rows: allows at most 2 rows",
        "rows.0.n": "rows.0.n: must be at most 3",
        "rows.1.n": "rows.1.n: must be a whole number",
        "rows.2.zz": "rows.2.zz: the table has no such column",
    }
    assert describe(check_params(SCHEMA, {"tab": {"x": "1"}})) == "invalid params: tab.x: must be a number"


def test_constraints_read_lookups_from_the_same_params():
    assert problems({"tab": {"x": 6, "limit": 5}}) == {"tab.x": "tab.x: must be at most 5"}
    assert problems({"tab": {"x": 6}}) == {}  # no limit: the Lookup gives the empty value, no max
    assert problems({"tab": {"x": -1}}) == {"tab.x": "tab.x: must be at least 0"}


def test_hidden_and_callback_decided_fields_are_only_type_checked():
    assert problems({"tab": {"hidden": 5}}) == {}  # flag is False (its empty value): hidden
    assert problems({"tab": {"hidden": 5, "flag": True}}) == {"tab.hidden": "tab.hidden: must be at most 1"}
    assert problems({"tab": {"hidden": "x"}}) == {"tab.hidden": "tab.hidden: must be a number"}
    assert problems({"tab": {"by_callback": 5}}) == {}  # only a callback job knows whether it shows
    assert problems({"rows": [{"n": 9, "on": False}]}) == {}  # hidden in its row


def test_type_only_mode_for_callback_jobs():
    assert problems({"tab": {"x": 99, "limit": 1, "pick": "c"}}, constraints=False) == {}
    assert problems({"tab": {"x": "text"}}, constraints=False) == {"tab.x": "tab.x: must be a number"}


def test_json_constraints_evaluate_like_the_browser():
    def lookup(path):
        return {"a": True, "n": 3}[path]

    assert evaluate({"op": "and", "operands": [{"lookup": "a"}, {"op": "not", "operands": [False]}]}, lookup)
    assert evaluate({"op": "eq", "operands": [{"row_lookup": "k"}, 2]}, lookup, {"k": 2}) is True
    assert evaluate_or({"op": "and", "operands": [{"lookup": "n"}]}, "fallback", lookup) == "fallback"
    with pytest.raises(Unknown):
        evaluate({"op": "or", "operands": [{"callback": True}]}, lookup)
