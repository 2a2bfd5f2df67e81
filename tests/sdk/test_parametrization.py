"""Parametrization declarations -> schema, default params and job params."""

import json
from typing import Any

import pytest
from munch import Munch

from viktorlite.sdk.parametrization import (
    BooleanField,
    IntegerField,
    LineBreak,
    NumberField,
    OptionField,
    OptionListElement,
    Page,
    Parametrization,
    Section,
    Step,
    Tab,
    Text,
    TextField,
    ToggleButton,
    ViktorParametrization,
    build_params,
    default_params,
    schema_of,
)


def _is_visible(params, **kwargs):
    return True


class Nested(ViktorParametrization):
    intro = Text("Hello")
    tab_1 = Tab("Tab 1", description="first")
    tab_1.section_1 = Section("Section 1", initially_expanded=False)
    tab_1.section_1.width = NumberField("Width", default=2.5, min=0, max=10, step=0.5, suffix="m")
    tab_1.section_1.count = IntegerField("Count", min=_is_visible)
    tab_1.section_1.br = LineBreak()
    tab_1.section_1.title = TextField("Title")  # a child named like a group setting
    tab_1.material = OptionField(
        "Material", options=["steel", OptionListElement("wood", "Timber"), OptionListElement(3)]
    )
    tab_2 = Tab("Tab 2", visible=_is_visible)
    tab_2.flag = BooleanField("Flag")
    tab_2.moved = TextField("Moved", name="elsewhere.deep", default="x")
    _CONSTANT = NumberField("ignored, starts with underscore")


def test_schema_nests_tab_section_field_in_declaration_order():
    schema = schema_of(Nested)
    assert schema["kind"] == "parametrization"
    assert schema["layout"] == "tabs"
    assert schema["width"] == 40
    assert [node["name"] for node in schema["items"]] == ["intro", "tab_1", "tab_2"]

    tab_1 = schema["items"][1]
    assert tab_1["kind"] == "tab"
    assert tab_1["title"] == "Tab 1"
    assert tab_1["description"] == "first"
    assert [node["name"] for node in tab_1["items"]] == ["section_1", "material"]

    section = tab_1["items"][0]
    assert section["kind"] == "section"
    assert section["path"] == "tab_1.section_1"
    assert section["initially_expanded"] is False
    assert section["title"] == "Section 1"
    assert [node["name"] for node in section["items"]] == ["width", "count", "br", "title"]

    width = section["items"][0]
    assert width == {
        "kind": "field",
        "type": "NumberField",
        "name": "width",
        "path": "tab_1.section_1.width",
        "storage": "tab_1.section_1.width",
        "ui_name": "Width",
        "default": 2.5,
        "empty": None,
        "flex": None,
        "description": None,
        "prefix": None,
        "suffix": "m",
        "visible": True,
        "min": 0,
        "max": 10,
        "step": 0.5,
        "num_decimals": None,
        "variant": "standard",
    }
    count = section["items"][1]
    assert count["type"] == "IntegerField"
    assert count["min"] == {"callback": True}
    assert section["items"][2]["kind"] == "linebreak"

    assert schema["items"][0] == {
        "kind": "text",
        "name": "intro",
        "path": "intro",
        "value": "Hello",
        "flex": 100,
        "visible": True,
    }
    assert schema["items"][2]["visible"] == {"callback": True}
    assert schema["has_callbacks"] is True
    json.dumps(schema)  # the schema travels as JSON


def test_option_field_schema_lists_values_and_labels():
    material = schema_of(Nested)["items"][1]["items"][1]
    assert material["type"] == "OptionField"
    assert [(o["value"], o["label"]) for o in material["options"]] == [
        ("steel", "steel"),
        ("wood", "Timber"),
        (3, "3"),
    ]
    assert material["variant"] == "standard"
    assert material["autoselect_single_option"] is False


def test_dynamic_options_are_marked_dynamic():
    class P(Parametrization):
        choice = OptionField("Choice", options=lambda params, **kwargs: ["a"])

    assert schema_of(P)["items"][0]["options"] == {"callback": True}


def test_page_and_step_layouts():
    class Pages(Parametrization):
        page_1 = Page("Input", views=["results"], width=30)
        page_1.x = NumberField("X")
        page_2 = Page("More", views="plot")

    class Steps(Parametrization):
        step_1 = Step("First", views="results", next_label="Go", on_next=_is_visible)
        step_1.tab = Tab("Tab")
        step_1.tab.y = NumberField("Y")

    pages = schema_of(Pages)
    assert pages["layout"] == "pages"
    page_1 = pages["items"][0]
    assert (page_1["kind"], page_1["views"], page_1["width"]) == ("page", ["results"], 30)
    assert page_1["items"][0]["storage"] == "page_1.x"
    assert pages["items"][1]["views"] == ["plot"]

    steps = schema_of(Steps)
    assert steps["layout"] == "steps"
    step = steps["items"][0]
    assert (step["kind"], step["next_label"], step["on_next"]) == ("step", "Go", True)
    assert step["items"][0]["items"][0]["path"] == "step_1.tab.y"


def test_flat_layout_and_instance_width():
    class Flat(Parametrization):
        a = NumberField("A")
        section = Section("S")
        section.b = TextField("B")

    assert schema_of(Flat)["layout"] == "fields"
    assert schema_of(Flat(width=60))["width"] == 60
    assert schema_of(None) == {
        "kind": "parametrization",
        "width": 40,
        "layout": "fields",
        "has_callbacks": False,
        "items": [],
    }


def test_subclass_fields_follow_base_fields():
    class Base(Parametrization):
        a = NumberField("A")
        b = NumberField("B")

    class Child(Base):
        c = NumberField("C")
        a = NumberField("A again", default=1)

    items = schema_of(Child)["items"]
    assert [node["name"] for node in items] == ["a", "b", "c"]
    assert items[0]["ui_name"] == "A again"


def test_default_params_use_defaults_or_empty_values():
    assert default_params(Nested) == {
        "tab_1": {
            "section_1": {"width": 2.5, "count": None, "title": ""},
            "material": None,
        },
        "tab_2": {"flag": False},
        "elsewhere": {"deep": "x"},
    }


def test_default_params_of_integer_field_are_ints():
    class P(Parametrization):
        n = IntegerField("N", default=3.0)  # type: ignore[arg-type]
        on = ToggleButton("On", default=True)

    assert default_params(P) == {"n": 3, "on": True}
    assert type(default_params(P)["n"]) is int


def test_name_relocates_storage():
    class P(Parametrization):
        tab = Tab("Tab")
        tab.x = NumberField("X", name="x_top")
        tab.y = NumberField("Y", name="group.y")

    field_x, field_y = schema_of(P)["items"][0]["items"]
    assert (field_x["path"], field_x["storage"]) == ("tab.x", "x_top")
    assert field_y["storage"] == "group.y"
    params = build_params(P, {"x_top": 1, "group": {"y": 2}})
    assert params.x_top == 1
    assert params.group.y == 2
    assert "tab" not in params


def test_build_params_fills_empty_values_and_gives_attribute_access():
    params = build_params(Nested, {"tab_1": {"section_1": {"width": 4}}})
    assert isinstance(params, Munch)
    assert isinstance(params.tab_1.section_1, Munch)
    assert params.tab_1.section_1.width == 4
    assert params.tab_1.section_1.count is None
    assert params.tab_1.section_1.title == ""
    assert params.tab_1.material is None
    assert params.tab_2.flag is False
    assert params.elsewhere.deep == ""  # missing means empty, not default


def test_build_params_keeps_unknown_keys_and_coerces_integers():
    stored: dict[str, Any] = {
        "tab_1": {"section_1": {"count": 5.0, "old_field": 1}, "extra": {"a": [1, {"b": 2}]}},
        "gone": "still here",
    }
    params = build_params(Nested, stored)
    assert params.tab_1.section_1.count == 5
    assert type(params.tab_1.section_1.count) is int
    assert params.tab_1.section_1.old_field == 1
    assert params.tab_1.extra.a[1].b == 2
    assert params.gone == "still here"
    assert stored["tab_1"]["section_1"]["count"] == 5.0  # input untouched
    assert build_params(Nested, {"tab_1": {"section_1": {"count": 2.5}}}).tab_1.section_1.count == 2.5


def test_build_params_without_parametrization():
    assert build_params(None, None) == Munch()
    assert build_params(None, {"a": {"b": 1}}).a.b == 1


def test_unknown_keyword_arguments_warn_but_do_not_fail():
    with pytest.warns(UserWarning, match="some_future_option") as record:
        field = NumberField("X", some_future_option=True)
    assert record[0].filename == __file__  # the warning points at the app's line
    with pytest.warns(UserWarning, match="collapsible"):
        Section("S", collapsible=True)

    class P(Parametrization):
        x = field

    assert schema_of(P)["items"][0]["type"] == "NumberField"


@pytest.mark.parametrize("reserved", ["name", "filename"])
def test_reserved_names_are_refused(reserved):
    with pytest.raises(ValueError, match=reserved):
        TextField("Name", name=reserved)


def test_not_a_parametrization_is_a_type_error():
    with pytest.raises(TypeError):
        schema_of(object)  # type: ignore[arg-type]


def test_option_list_element_label_defaults_to_value():
    element = OptionListElement(1.5)
    assert (element.value, element.label) == (1.5, "1.5")
    assert element == OptionListElement(1.5, "1.5")
    assert element != OptionListElement(1.5, "other")


def test_buttons_poll_by_the_sdks_defaults_and_carry_their_interaction_and_its_selection():
    from viktorlite.sdk.parametrization import (
        ActionButton,
        DownloadButton,
        Interaction,
        MapSelectInteraction,
        SetParamsButton,
    )
    from viktorlite.sdk.parametrization.schema import buttons_of

    class Buttons(Parametrization):
        run = ActionButton("Run", "run")
        fetch = DownloadButton("Fetch", "fetch")
        fetch_slowly = DownloadButton("Fetch slowly", "fetch_slowly", longpoll=True)
        pick = SetParamsButton("Pick", "pick", interaction=Interaction("map", selection=["piles"]))
        choose = ActionButton("Choose", "choose", interaction=MapSelectInteraction("map", max_select=2))

    found = {button["method"]: button for button in buttons_of(schema_of(Buttons))}
    assert {method: button["longpoll"] for method, button in found.items()} == {
        "run": True,
        "fetch": False,  # a download is expected back quickly, as on the platform
        "fetch_slowly": True,
        "pick": True,
        "choose": True,
    }
    assert found["pick"]["interaction"] == {"type": "interaction", "view": "map", "selection": ["piles"]}
    assert found["choose"]["interaction"] == {
        "type": "map_select",
        "view": "map",
        "selection": None,
        "min_select": 1,
        "max_select": 2,
    }


def test_boolean_operators_and_entity_fields_take_the_sdks_arguments():
    from viktorlite.sdk.parametrization import And, BoolOperator, EntityOptionField, IsEqual, Not, Or

    assert [type(op).__name__ for op in (And(True, False), Or(True), Not(True), IsEqual(1, 1))] == [
        "And",
        "Or",
        "Not",
        "IsEqual",
    ]
    with pytest.raises(TypeError):
        BoolOperator()  # abstract, as in the SDK
    with pytest.raises(TypeError):
        EntityOptionField("Beam", ["Beam"], "beam")  # name is keyword-only, as in the SDK
    field = EntityOptionField("Beam", ["Beam"], name="beam", description="which beam")
    assert (field._entity_type_names, field._name, field._description) == (["Beam"], "beam", "which beam")
