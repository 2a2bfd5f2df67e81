"""The parametrization schema the editor renders: its node models and the registry of field kinds.

A worker serialises an app's ``Parametrization`` into these nodes (``viktorlite.sdk.parametrization``
builds them); the web process checks posted params against them and the browser renders them
(docs/protocol.md, "Parametrization schema"). Every node is closed (``extra="forbid"``): a key the
SDK starts to send must be declared here first, so the three readers cannot drift apart unnoticed.

Field nodes (``kind: "field"``) share their common keys; what each field type adds, what its
value in params is and how the editor shows it is that type's entry in :data:`FIELD_KINDS`, the
one list of field kinds Python and the browser check against (``tests/vectors/field_kinds.json``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

#: A constraint (docs/protocol.md, "Constraints"): a JSON value, a lookup, an operator or a callback marker.
Constraint = Any
#: JSON numbers stay as they were sent (an int is not turned into a float).
Number = int | float


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    path: str
    visible: Constraint = True


# -- groups ------------------------------------------------------------------------------------------


class _GroupNode(_Node):
    title: str | None = None
    description: str | None = None
    items: list[Node]


class PageNode(_GroupNode):
    kind: Literal["page"]
    views: list[str]
    width: Number | None = None


class StepNode(_GroupNode):
    kind: Literal["step"]
    views: list[str]
    width: Number | None = None
    enabled: Constraint = True
    previous_label: str | None = None
    next_label: str | None = None
    on_next: bool


class TabNode(_GroupNode):
    kind: Literal["tab"]


class SectionNode(_GroupNode):
    kind: Literal["section"]
    initially_expanded: bool | None = None


# -- display items and buttons -----------------------------------------------------------------------


class TextNode(_Node):
    kind: Literal["text"]
    value: str
    flex: Number | None = None


class LineBreakNode(_Node):
    kind: Literal["linebreak"]


class ImageNode(_Node):
    kind: Literal["image"]
    src: str
    align: str | None = None
    caption: str | None = None
    flex: Number | None = None
    max_width: Number | None = None


class OutputNode(_Node):
    kind: Literal["output"]
    type: Literal["OutputField"]
    ui_name: str
    value: Constraint = None
    prefix: str | None = None
    suffix: str | None = None
    flex: Number | None = None
    description: str | None = None


class ChildEntityManagerNode(_Node):
    kind: Literal["child_entity_manager"]
    entity_type_name: str


class InteractionSpec(BaseModel):
    """What a button lets the user select in a view first (``MapSelectInteraction``)."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["map_select"]
    view: str
    selection: list[str] | None = None
    min_select: int = 1
    max_select: int | None = None


ButtonType = Literal["ActionButton", "DownloadButton", "SetParamsButton", "OptimizationButton"]


class ButtonNode(_Node):
    kind: Literal["button"]
    type: ButtonType
    ui_name: str
    method: str
    longpoll: bool
    flex: Number | None = None
    description: str | None = None
    interaction: InteractionSpec | None = None


# -- fields ------------------------------------------------------------------------------------------


class FieldNode(_Node):
    """An input with a value in params. The keys its ``type`` adds are checked by its :class:`FieldKind`."""

    model_config = ConfigDict(extra="allow")

    kind: Literal["field"]
    type: str = Field(description="the SDK field type: a key of the field kind registry")
    storage: str = Field(description="the storage path (in an array: the column name)")
    ui_name: str
    default: Any = None
    empty: Any = None
    flex: Number | None = None
    description: str | None = None
    prefix: str | None = None
    suffix: str | None = None

    @model_validator(mode="after")
    def _kind_keys(self) -> FieldNode:
        kind = FIELD_KINDS.get(self.type)
        if kind is None:
            raise ValueError(f"unknown field type {self.type!r} (known: {', '.join(FIELD_KINDS)})")
        try:
            kind.extras.model_validate(self.model_extra or {})
        except ValidationError as exc:
            raise ValueError(f"{self.type} {self.path!r}: {exc}") from None
        return self


Node = Annotated[
    PageNode
    | StepNode
    | TabNode
    | SectionNode
    | FieldNode
    | TextNode
    | LineBreakNode
    | ImageNode
    | OutputNode
    | ChildEntityManagerNode
    | ButtonNode,
    Field(discriminator="kind"),
]


class ParametrizationSchema(BaseModel):
    """The whole form of an entity type."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["parametrization"]
    width: Number
    layout: Literal["fields", "tabs", "pages", "steps"]
    has_callbacks: bool
    items: list[Node]


# -- what each field type adds to its node -----------------------------------------------------------


class _Extras(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NoExtras(_Extras):
    pass


class NumberExtras(_Extras):
    min: Constraint = None
    max: Constraint = None
    step: Number | None = None
    num_decimals: int | None = None
    variant: Literal["standard", "slider"]


class OptionsExtras(_Extras):
    options: Constraint = Field(description="a list of {value, label, visible}, or a constraint (a callback)")
    multiple: bool


class OptionFieldExtras(OptionsExtras):
    variant: str
    autoselect_single_option: bool


class EntityExtras(_Extras):
    entity_type_names: list[str] | None = None
    relation: Literal["any", "child", "sibling"]
    multiple: bool


class FileExtras(_Extras):
    file_types: list[str] | None = None
    max_size: int | None = None
    multiple: bool


class GeometrySelectExtras(_Extras):
    view: str | None = None


class GeometryMultiSelectExtras(GeometrySelectExtras):
    min_select: int
    max_select: int | None = None


class _RowsExtras(_Extras):
    items: list[Node] = Field(description="the column nodes")
    row_template: dict[str, Any]


class DynamicArrayExtras(_RowsExtras):
    min: Constraint = None
    max: Constraint = None
    copylast: bool
    row_label: str | None = None


class TableExtras(_RowsExtras):
    pass


class ChatExtras(_Extras):
    method: str
    first_message: str | None = None
    placeholder: str | None = None


#: What a field's value in params is; the params check and the editor's widgets go by it.
ValueKind = Literal[
    "number", "integer", "text", "bool", "date", "color", "option", "entity", "file",
    "geo_point", "geo_line", "geometry_names", "rows", "any",
]  # fmt: skip


@dataclass(frozen=True)
class FieldKind:
    """One field type of the SDK as the runtime knows it."""

    #: The SDK class name, the node's ``type``.
    name: str
    #: What its value in params is (checked by viktorlite.protocol.params_check).
    value: ValueKind
    #: The keys its node adds to the common field keys.
    extras: type[_Extras] = NoExtras
    #: How the editor shows it: with its widget, never (kept in params only), or as "not supported".
    editor: Literal["widget", "hidden", "unsupported"] = "widget"
    #: Geo lines: the fewest points a value may have.
    min_points: int = 0


def _kinds(*kinds: FieldKind) -> dict[str, FieldKind]:
    return {kind.name: kind for kind in kinds}


#: Every field type the SDK serialises, by name (a test checks this against the SDK's classes and
#: against the widgets of web/static/js/form.js).
FIELD_KINDS: dict[str, FieldKind] = _kinds(
    FieldKind("NumberField", "number", NumberExtras),
    FieldKind("IntegerField", "integer", NumberExtras),
    FieldKind("TextField", "text"),
    FieldKind("TextAreaField", "text"),
    FieldKind("BooleanField", "bool"),
    FieldKind("DateField", "date"),
    FieldKind("ColorField", "color"),
    FieldKind("OptionField", "option", OptionFieldExtras),
    FieldKind("MultiSelectField", "option", OptionsExtras),
    FieldKind("AutocompleteField", "option", OptionsExtras),
    FieldKind("EntityOptionField", "entity", EntityExtras),
    FieldKind("ChildEntityOptionField", "entity", EntityExtras),
    FieldKind("SiblingEntityOptionField", "entity", EntityExtras),
    FieldKind("EntityMultiSelectField", "entity", EntityExtras),
    FieldKind("ChildEntityMultiSelectField", "entity", EntityExtras),
    FieldKind("SiblingEntityMultiSelectField", "entity", EntityExtras),
    FieldKind("FileField", "file", FileExtras),
    FieldKind("MultiFileField", "file", FileExtras),
    FieldKind("GeoPointField", "geo_point"),
    FieldKind("GeoPolylineField", "geo_line", min_points=2),
    FieldKind("GeoPolygonField", "geo_line", min_points=3),
    FieldKind("GeometrySelectField", "text", GeometrySelectExtras),
    FieldKind("GeometryMultiSelectField", "geometry_names", GeometryMultiSelectExtras),
    FieldKind("DynamicArray", "rows", DynamicArrayExtras),
    FieldKind("Table", "rows", TableExtras),
    FieldKind("HiddenField", "any", editor="hidden"),
    FieldKind("AutodeskFileField", "any", editor="unsupported"),
    FieldKind("Chat", "any", ChatExtras, editor="unsupported"),
)


def kinds_with(value: ValueKind) -> frozenset[str]:
    """The field types whose value is ``value``."""
    return frozenset(name for name, kind in FIELD_KINDS.items() if kind.value == value)


#: Where the browser's copy of the registry lives (generated by :func:`field_kinds_js`).
FIELD_KINDS_JS = "web/static/js/field_kinds.js"


def field_kinds_js() -> str:
    """The registry as a JavaScript module for the editor, which checks node types against it.

    Regenerate with ``python -m viktorlite.protocol.schema > web/static/js/field_kinds.js``;
    tests/protocol/test_schema_field_kinds.py fails while it is out of date.
    """
    entries = "".join(
        f'  {name}: {{ value: "{kind.value}", editor: "{kind.editor}" }},\n' for name, kind in FIELD_KINDS.items()
    )
    return (
        "// Generated from FIELD_KINDS in viktorlite/protocol/schema.py: the field types of the parametrization\n"
        "// schema, what each one's value is and how the editor shows it. Do not edit; regenerate with\n"
        "// `python -m viktorlite.protocol.schema > web/static/js/field_kinds.js`.\n"
        f"export const FIELD_KINDS = Object.freeze({{\n{entries}}});\n"
    )


_GroupNode.model_rebuild()
for _group in (PageNode, StepNode, TabNode, SectionNode):
    _group.model_rebuild()
ParametrizationSchema.model_rebuild()
for _rows in (DynamicArrayExtras, TableExtras):
    _rows.model_rebuild()

if __name__ == "__main__":
    print(field_kinds_js(), end="")
