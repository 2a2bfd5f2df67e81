"""``viktor.parametrization``: the editor's input fields and how they are laid out.

Apps declare items as class attributes of a :class:`Parametrization` subclass and nest them with
dot-notation (``tab_1.section_1.x = NumberField(...)``). Every item therefore keeps its own
configuration in ``_``-prefixed attributes: the public attributes of a group *are* its children,
in declaration order. The runtime reads a declaration only through :func:`schema_of`,
:func:`default_params` and :func:`build_params`.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

from munch import Munch, munchify

from .core import _json_or_dynamic, _warn_ignored_kwargs

__all__ = [
    "BooleanField",
    "IntegerField",
    "LineBreak",
    "NumberField",
    "OptionField",
    "OptionListElement",
    "Page",
    "Parametrization",
    "Section",
    "Step",
    "Tab",
    "Text",
    "TextField",
    "ToggleButton",
    "ViktorParametrization",
]

_RESERVED_NAMES = frozenset({"name", "filename"})
_DEFAULT_WIDTH = 40
_MISSING: Any = object()


class _Item:
    """Anything that can be placed in a parametrization: a group, a field or a display item."""

    def _node(self, attr: str, path: str) -> dict[str, Any]:
        """The schema node of this item, placed at attribute ``attr`` / dotted ``path``."""
        raise NotImplementedError


def _sdk_type(item: _Item) -> str:
    """The SDK class an item is (apps may subclass fields; the editor only knows SDK types)."""
    return next(c.__name__ for c in type(item).__mro__ if c.__module__ == __name__)


def _children(obj: object) -> Iterator[tuple[str, _Item]]:
    """The items set as public attributes of ``obj``, in insertion order."""
    for attr, value in vars(obj).items():
        if not attr.startswith("_") and isinstance(value, _Item):
            yield attr, value


def _nodes(items: Iterable[tuple[str, _Item]], prefix: str) -> list[dict[str, Any]]:
    return [item._node(attr, prefix + attr) for attr, item in items]


# -- groups ----------------------------------------------------------------------------------------


class _Group(_Item):
    _kind: ClassVar[str]

    if TYPE_CHECKING:  # children are set with dot-notation; let type checkers of apps accept that

        def __getattr__(self, name: str) -> Any: ...
        def __setattr__(self, name: str, value: Any) -> None: ...

    def __init__(self, title: str, description: str | None, kwargs: Mapping[str, Any]) -> None:
        _warn_ignored_kwargs(type(self).__name__, kwargs)
        self._title = title
        self._description = description

    def _node(self, attr: str, path: str) -> dict[str, Any]:
        return {
            "kind": self._kind,
            "name": attr,
            "path": path,
            "title": self._title,
            "description": self._description,
            **self._extra_node(),
            "items": _nodes(_children(self), path + "."),
        }

    def _extra_node(self) -> dict[str, Any]:
        return {}


def _view_names(views: str | Sequence[str] | None) -> list[str]:
    if views is None:
        return []
    return [views] if isinstance(views, str) else list(views)


class Page(_Group):
    """A top-level group of inputs shown together with the views named in ``views``."""

    _kind = "page"

    def __init__(
        self,
        title: str,
        *,
        views: str | Sequence[str] | None = None,
        description: str | None = None,
        visible: Any = True,
        width: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(title, description, kwargs)
        self._views = _view_names(views)
        self._visible = visible
        self._width = width

    def _extra_node(self) -> dict[str, Any]:
        return {
            "views": self._views,
            "width": self._width,
            "visible": _json_or_dynamic(self._visible),
        }


class Step(_Group):
    """Like a Page, but visited in order with previous/next buttons."""

    _kind = "step"

    def __init__(
        self,
        title: str,
        *,
        views: str | Sequence[str] | None = None,
        description: str | None = None,
        enabled: Any = True,
        previous_label: str | None = None,
        next_label: str | None = None,
        on_next: Callable[..., Any] | None = None,
        width: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(title, description, kwargs)
        self._views = _view_names(views)
        self._enabled = enabled
        self._previous_label = previous_label
        self._next_label = next_label
        self._on_next = on_next
        self._width = width

    def _extra_node(self) -> dict[str, Any]:
        return {
            "views": self._views,
            "width": self._width,
            "enabled": _json_or_dynamic(self._enabled),
            "previous_label": self._previous_label,
            "next_label": self._next_label,
            "on_next": self._on_next is not None,
        }


class Tab(_Group):
    _kind = "tab"

    def __init__(self, title: str, *, description: str | None = None, visible: Any = True, **kwargs: Any) -> None:
        super().__init__(title, description, kwargs)
        self._visible = visible

    def _extra_node(self) -> dict[str, Any]:
        return {"visible": _json_or_dynamic(self._visible)}


class Section(_Group):
    _kind = "section"

    def __init__(
        self,
        title: str,
        *,
        description: str | None = None,
        initially_expanded: bool | None = None,
        visible: Any = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(title, description, kwargs)
        self._initially_expanded = initially_expanded
        self._visible = visible

    def _extra_node(self) -> dict[str, Any]:
        return {
            "initially_expanded": self._initially_expanded,
            "visible": _json_or_dynamic(self._visible),
        }


# -- fields ----------------------------------------------------------------------------------------


class Field(_Item):
    """Base of the input fields: an item with a value in the params."""

    #: The value a field has in params while the user has not filled it in.
    _empty: ClassVar[Any] = None

    def __init__(
        self,
        *,
        ui_name: str,
        name: str | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
        default: Any = None,
        flex: int | None = None,
        visible: Any = True,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        if name in _RESERVED_NAMES:
            raise ValueError(f"{type(self).__name__} {ui_name!r}: name={name!r} is reserved")
        _warn_ignored_kwargs(type(self).__name__, kwargs)
        self._ui_name = ui_name
        self._name = name
        self._prefix = prefix
        self._suffix = suffix
        self._default = default
        self._flex = flex
        self._visible = visible
        self._description = description

    def _storage(self, path: str) -> str:
        """Where the value lives in params: ``name=`` replaces the attribute path."""
        return self._name or path

    def _empty_value(self) -> Any:
        return copy.copy(self._empty)

    def _coerce(self, value: Any) -> Any:
        """Normalise a stored value (the JSON round trip loses e.g. the int-ness of floats)."""
        return value

    def _default_value(self) -> Any:
        if self._default is None:
            return self._empty_value()
        return self._coerce(copy.deepcopy(self._default))

    def _node(self, attr: str, path: str) -> dict[str, Any]:
        return {
            "kind": "field",
            "type": _sdk_type(self),
            "name": attr,
            "path": path,
            "storage": self._storage(path),
            "ui_name": self._ui_name,
            "default": _json_or_dynamic(self._default),
            "empty": self._empty,
            "flex": self._flex,
            "description": self._description,
            "prefix": self._prefix,
            "suffix": self._suffix,
            "visible": _json_or_dynamic(self._visible),
            **self._extra_node(),
        }

    def _extra_node(self) -> dict[str, Any]:
        return {}


class NumberField(Field):
    def __init__(
        self,
        ui_name: str,
        name: str | None = None,
        prefix: str | None = None,
        *,
        suffix: str | None = None,
        default: float | None = None,
        step: float | None = None,
        min: Any = None,
        max: Any = None,
        num_decimals: int | None = None,
        visible: Any = True,
        flex: int | None = None,
        variant: str = "standard",
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name,
            name=name,
            prefix=prefix,
            suffix=suffix,
            default=default,
            flex=flex,
            visible=visible,
            description=description,
            **kwargs,
        )
        self._step = step
        self._min = min
        self._max = max
        self._num_decimals = num_decimals
        self._variant = variant

    def _extra_node(self) -> dict[str, Any]:
        return {
            "min": _json_or_dynamic(self._min),
            "max": _json_or_dynamic(self._max),
            "step": self._step,
            "num_decimals": self._num_decimals,
            "variant": self._variant,
        }


class IntegerField(NumberField):
    def __init__(
        self,
        ui_name: str,
        name: str | None = None,
        prefix: str | None = None,
        *,
        suffix: str | None = None,
        default: int | None = None,
        step: int | None = None,
        min: Any = None,
        max: Any = None,
        visible: Any = True,
        flex: int | None = None,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name,
            name,
            prefix,
            suffix=suffix,
            default=default,
            step=step,
            min=min,
            max=max,
            num_decimals=0,
            visible=visible,
            flex=flex,
            description=description,
            **kwargs,
        )

    def _coerce(self, value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


class TextField(Field):
    _empty = ""

    def __init__(
        self,
        ui_name: str,
        name: str | None = None,
        prefix: str | None = None,
        *,
        suffix: str | None = None,
        default: str | None = None,
        visible: Any = True,
        flex: int | None = None,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name,
            name=name,
            prefix=prefix,
            suffix=suffix,
            default=default,
            flex=flex,
            visible=visible,
            description=description,
            **kwargs,
        )


class BooleanField(Field):
    _empty = False

    def __init__(
        self,
        ui_name: str,
        name: str | None = None,
        *,
        default: bool | None = None,
        visible: Any = True,
        flex: int | None = None,
        always_available: bool = False,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name,
            name=name,
            default=default,
            flex=flex,
            visible=visible,
            description=description,
            **kwargs,
        )
        self._always_available = always_available


ToggleButton = BooleanField


class OptionListElement:
    """An option whose stored ``value`` differs from the ``label`` the user sees."""

    def __init__(self, value: float | str, label: str | None = None, visible: Any = True) -> None:
        self._value = value
        self._label = label
        self._visible = visible

    @property
    def value(self) -> float | str:
        return self._value

    @property
    def label(self) -> str:
        return str(self._value) if self._label is None else self._label

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OptionListElement):
            return NotImplemented
        return (self.value, self.label) == (other.value, other.label)

    def __hash__(self) -> int:
        return hash((self.value, self.label))

    def __repr__(self) -> str:
        return f"OptionListElement(value={self.value!r}, label={self.label!r})"


def _option_json(option: Any) -> dict[str, Any]:
    if isinstance(option, OptionListElement):
        return {
            "value": option.value,
            "label": option.label,
            "visible": _json_or_dynamic(option._visible),
        }
    return {"value": option, "label": str(option), "visible": True}


class OptionField(Field):
    def __init__(
        self,
        ui_name: str,
        options: Any,
        name: str | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
        default: float | str | None = None,
        visible: Any = True,
        flex: int | None = None,
        *,
        description: str | None = None,
        variant: str = "standard",
        autoselect_single_option: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name=ui_name,
            name=name,
            prefix=prefix,
            suffix=suffix,
            default=default,
            flex=flex,
            visible=visible,
            description=description,
            **kwargs,
        )
        self._options = options
        self._variant = variant
        self._autoselect_single_option = autoselect_single_option

    def _extra_node(self) -> dict[str, Any]:
        options: Any = {"dynamic": True}
        if isinstance(self._options, (list, tuple)):
            options = [_option_json(option) for option in self._options]
        return {
            "options": options,
            "variant": self._variant,
            "autoselect_single_option": self._autoselect_single_option,
        }


# -- display-only items (never in params) ----------------------------------------------------------


class Text(_Item):
    """Static (markdown) text in the editor."""

    def __init__(self, value: str, *, visible: Any = True, flex: int | None = 100, **kwargs: Any):
        _warn_ignored_kwargs("Text", kwargs)
        self._value = value
        self._visible = visible
        self._flex = flex

    def _node(self, attr: str, path: str) -> dict[str, Any]:
        return {
            "kind": "text",
            "name": attr,
            "path": path,
            "value": self._value,
            "flex": self._flex,
            "visible": _json_or_dynamic(self._visible),
        }


class LineBreak(_Item):
    """Forces the next field onto a new row."""

    def _node(self, attr: str, path: str) -> dict[str, Any]:
        return {"kind": "linebreak", "name": attr, "path": path}


# -- the parametrization ---------------------------------------------------------------------------


class Parametrization:
    """The editor's inputs: subclass it and declare items as class attributes.

    Controllers hold the subclass itself, or an instance when options are needed
    (``MyParametrization(width=60)``).
    """

    _width: int | None = None

    def __init__(self, *, width: int | None = None, **kwargs: Any) -> None:
        _warn_ignored_kwargs(type(self).__name__, kwargs)
        self._width = width


ViktorParametrization = Parametrization

ParametrizationLike: TypeAlias = "type[Parametrization] | Parametrization | None"


def _top_items(parametrization: ParametrizationLike) -> list[tuple[str, _Item]]:
    """Top-level items in declaration order, base classes first (a subclass may override)."""
    if parametrization is None:
        return []
    cls = parametrization if isinstance(parametrization, type) else type(parametrization)
    if not issubclass(cls, Parametrization):
        raise TypeError(f"expected a Parametrization subclass or instance, got {parametrization!r}")
    items: dict[str, _Item] = {}
    for klass in reversed(cls.__mro__):
        if issubclass(klass, Parametrization):
            items.update(_children(klass))
    if not isinstance(parametrization, type):
        items.update(_children(parametrization))
    return list(items.items())


def _fields(items: Iterable[tuple[str, _Item]], prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Every field below ``items`` with its dotted attribute path."""
    for attr, item in items:
        if isinstance(item, _Group):
            yield from _fields(_children(item), f"{prefix}{attr}.")
        elif isinstance(item, Field):
            yield prefix + attr, item


_LAYOUTS = {"page": "pages", "step": "steps", "tab": "tabs"}
_DISPLAY_KINDS = frozenset({"text", "linebreak"})


def schema_of(parametrization: ParametrizationLike) -> dict[str, Any]:
    """The JSON schema the editor renders (docs/protocol.md, "Parametrization schema")."""
    items = _nodes(_top_items(parametrization), "")
    # Text and line breaks may stand beside any layout; inputs may not.
    found = {_LAYOUTS.get(node["kind"], "fields") for node in items if node["kind"] not in _DISPLAY_KINDS}
    layout = next((name for name in ("pages", "steps", "tabs") if name in found), "fields")
    if len(found) > 1:
        warnings.warn(
            f"Parametrization mixes top-level {sorted(found)}; showing it as {layout}",
            stacklevel=2,
        )
    width = parametrization._width if parametrization is not None else None
    return {
        "kind": "parametrization",
        "width": width if width is not None else _DEFAULT_WIDTH,
        "layout": layout,
        "items": items,
    }


def _get_path(data: Mapping[str, Any], path: str) -> Any:
    for key in path.split("."):
        if not isinstance(data, Mapping) or key not in data:
            return _MISSING
        data = data[key]
    return data


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for key in parents:
        if not isinstance(data.get(key), dict):
            data[key] = {}
        data = data[key]
    data[last] = value


def _merge_missing(target: dict[str, Any], source: Mapping[str, Any]) -> None:
    """Copy into ``target`` what only ``source`` has, recursing into dicts both have."""
    for key, value in source.items():
        if key not in target:
            target[key] = value
        elif isinstance(target[key], dict) and isinstance(value, Mapping) and target[key] is not value:
            _merge_missing(target[key], value)


def default_params(parametrization: ParametrizationLike) -> dict[str, Any]:
    """Params of a new entity in stored form: each field's default, or its empty value."""
    params: dict[str, Any] = {}
    for path, field in _fields(_top_items(parametrization)):
        _set_path(params, field._storage(path), field._default_value())
    return params


def build_params(parametrization: ParametrizationLike, stored: Mapping[str, Any] | None) -> Munch:
    """The ``params`` a controller method receives: every field present, nested by storage path.

    Missing fields get their empty value (not their default: defaults apply only when an entity
    is created); stored keys the parametrization does not know are kept as they are.
    """
    stored = stored or {}
    params: dict[str, Any] = {}
    for path, field in _fields(_top_items(parametrization)):
        storage = field._storage(path)
        value = _get_path(stored, storage)
        _set_path(params, storage, field._empty_value() if value is _MISSING else field._coerce(value))
    _merge_missing(params, stored)
    return munchify(params)
