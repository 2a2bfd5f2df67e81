"""One registry of field kinds (viktorlite.protocol.schema.FIELD_KINDS): every field type of the SDK
has exactly one entry, what each type serialises fits its entry, and the browser's widgets are
checked against the same list (its generated copy, web/static/js/field_kinds.js)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import viktorlite.sdk as vkt
from viktorlite.protocol.params_check import check_params
from viktorlite.protocol.schema import FIELD_KINDS, FIELD_KINDS_JS, FieldNode, ParametrizationSchema, field_kinds_js
from viktorlite.sdk.parametrization import schema_of
from viktorlite.sdk.parametrization.fields import Field

ROOT = Path(__file__).resolve().parents[2]


def sdk_field_types() -> set[str]:
    """Every public field class of the SDK (what a field node's ``type`` can be)."""
    found: set[str] = set()
    pending: list[type] = [Field]
    while pending:
        klass = pending.pop()
        pending.extend(klass.__subclasses__())
        if klass.__module__.startswith("viktorlite.sdk.") and not klass.__name__.startswith("_") and klass is not Field:
            found.add(klass.__name__)
    return found


def test_every_field_type_of_the_sdk_has_exactly_one_registry_entry():
    assert sdk_field_types() == set(FIELD_KINDS)


class EveryKind(vkt.Parametrization):
    """One field of each kind, as an app declares them."""

    number = vkt.NumberField("Number", min=0, max=10, step=1, variant="slider")
    integer = vkt.IntegerField("Integer", default=2)
    text = vkt.TextField("Text")
    area = vkt.TextAreaField("Area")
    flag = vkt.BooleanField("Flag")
    day = vkt.DateField("Day")
    colour = vkt.ColorField("Colour")
    option = vkt.OptionField("Option", options=["a", "b"], variant="radio")
    many = vkt.MultiSelectField("Many", options=[vkt.OptionListElement(1, "one")])
    auto = vkt.AutocompleteField("Auto", options=["x"])
    entity = vkt.EntityOptionField("Entity", entity_type_names=["T"])
    child = vkt.ChildEntityOptionField("Child")
    sibling = vkt.SiblingEntityOptionField("Sibling")
    entities = vkt.EntityMultiSelectField("Entities", entity_type_names=["T"])
    children = vkt.ChildEntityMultiSelectField("Children")
    siblings = vkt.SiblingEntityMultiSelectField("Siblings")
    file = vkt.FileField("File", file_types=[".CSV"], max_size=1000)
    files = vkt.MultiFileField("Files")
    point = vkt.GeoPointField("Point")
    line = vkt.GeoPolylineField("Line")
    area_polygon = vkt.GeoPolygonField("Polygon")
    pick = vkt.GeometrySelectField("Pick", view="model")
    picks = vkt.GeometryMultiSelectField("Picks", view="model", max_select=3)
    rows = vkt.DynamicArray("Rows", min=1, row_label="Row")
    rows.length = vkt.NumberField("Length")
    table = vkt.Table("Table")
    table.name = vkt.TextField("Name")
    hidden = vkt.HiddenField("Hidden")
    autodesk = vkt.AutodeskFileField("Autodesk", oauth2_integration="acc")
    chat = vkt.Chat("Chat", method="answer")


def field_nodes(items: list[Any]) -> dict[str, dict[str, Any]]:
    return {node["type"]: node for node in items if node["kind"] == "field"}


def test_what_each_field_type_serialises_fits_its_registry_entry():
    schema = schema_of(EveryKind)
    assert set(field_nodes(schema["items"])) == set(FIELD_KINDS)
    model = ParametrizationSchema.model_validate(schema)
    assert model.model_dump(mode="json", exclude_unset=True) == schema
    for node in field_nodes(schema["items"]).values():
        declared = set(FIELD_KINDS[node["type"]].extras.model_fields)
        assert set(node) - set(FieldNode.model_fields) == declared, node["type"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda node: node.update(type="SliderField"), "unknown field type 'SliderField'"),
        (lambda node: node.update(unit="m"), "unit"),
        (lambda node: node.pop("variant"), "variant"),
    ],
    ids=["unknown-type", "undeclared-key", "missing-key"],
)
def test_a_field_node_that_does_not_fit_its_kind_is_refused_naming_why(change, says: str):
    node = field_nodes(schema_of(EveryKind)["items"])["NumberField"]
    change(node)
    with pytest.raises(ValueError, match=says):
        FieldNode.model_validate(node)


def test_the_params_check_goes_by_the_registry():
    """Kinds are checked by what their value is: an integer, a line's fewest points, any JSON."""
    params = {"integer": 2.5, "line": {"points": [{"lat": 1, "lon": 2}]}, "hidden": {"any": [1]}, "chat": 3}
    problems = {p.field: p.message for p in check_params(schema_of(EveryKind), params)}
    assert problems == {"integer": "integer: must be a whole number", "line": "line: needs at least 2 points"}


def test_the_browsers_copy_of_the_registry_is_up_to_date():
    generated = (ROOT / FIELD_KINDS_JS).read_text(encoding="utf-8")
    assert generated == field_kinds_js(), f"regenerate it: python -m viktorlite.protocol.schema > {FIELD_KINDS_JS}"


def test_the_editors_widgets_are_exactly_the_kinds_it_shows():
    """`node --test tests/js/field_kinds.test.mjs`: web/static/js/form.js against the generated registry."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    run = subprocess.run(
        [node, "--test", "tests/js/field_kinds.test.mjs"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
