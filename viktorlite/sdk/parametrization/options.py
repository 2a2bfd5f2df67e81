"""Fields whose value is picked from a list: options, multi-selects, autocomplete and entities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from ._base import SchemaContext, warn
from .constraints import constraint_json, needs_job
from .fields import Field

__all__ = [
    "AutocompleteField",
    "ChildEntityMultiSelectField",
    "ChildEntityOptionField",
    "EntityMultiSelectField",
    "EntityOptionField",
    "MultiSelectField",
    "MultipleSelectField",
    "OptionField",
    "OptionListElement",
    "SiblingEntityMultiSelectField",
    "SiblingEntityOptionField",
]


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


def option_json(option: Any, where: str, ctx: SchemaContext) -> dict[str, Any]:
    """One option as the editor lists it: ``{"value", "label", "visible"}``."""
    if isinstance(option, OptionListElement):
        return {
            "value": option.value,
            "label": option.label,
            "visible": constraint_json(option._visible, "visible", where, ctx),
        }
    return {"value": option, "label": str(option), "visible": True}


def static_options(options: Any) -> bool:
    return isinstance(options, (list, tuple))


class _OptionsField(Field):
    """Shared by the fields that pick from ``options``: a list or a callback returning one."""

    _multiple: ClassVar[bool] = False

    def __init__(self, ui_name: str, options: Any, **kwargs: Any) -> None:
        super().__init__(ui_name=ui_name, **kwargs)
        if not static_options(options) and not callable(options):
            warn(f"{type(self).__name__} {ui_name!r}: options must be a list or a callback, got {options!r}")
            options = []
        self._options = options

    def _options_node(self, where: str, ctx: SchemaContext) -> Any:
        if not static_options(self._options):
            return constraint_json(self._options, "options", where, ctx)
        return [option_json(option, where, ctx) for option in self._options]

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {"options": self._options_node(where, ctx), "multiple": self._multiple}

    def _dynamic(self) -> dict[str, Any]:
        dynamic = super()._dynamic()
        if not static_options(self._options) or any(
            isinstance(o, OptionListElement) and needs_job(o._visible) for o in self._options
        ):
            dynamic["options"] = self._options
        return dynamic


class OptionField(_OptionsField):
    """One value out of ``options``; a dropdown, or radio buttons with ``variant='radio'``."""

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
            ui_name,
            options,
            name=name,
            prefix=prefix,
            suffix=suffix,
            default=default,
            flex=flex,
            visible=visible,
            description=description,
            **kwargs,
        )
        if variant not in ("standard", "radio", "radio-inline"):
            warn(f"OptionField {ui_name!r}: unknown variant {variant!r}; using 'standard'")
            variant = "standard"
        self._variant = variant
        self._autoselect_single_option = autoselect_single_option

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {
            **super()._extra_node(where, ctx),
            "variant": self._variant,
            "autoselect_single_option": self._autoselect_single_option,
        }


class MultiSelectField(_OptionsField):
    """Several values out of ``options``."""

    _empty: ClassVar[Any] = []
    _multiple = True

    def __init__(
        self,
        ui_name: str,
        options: Any,
        name: str | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
        default: list[Any] | None = None,
        visible: Any = True,
        flex: int | None = None,
        *,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name,
            options,
            name=name,
            prefix=prefix,
            suffix=suffix,
            default=default,
            flex=flex,
            visible=visible,
            description=description,
            **kwargs,
        )

    def _to_stored(self, value: Any) -> Any:
        return list(value)


MultipleSelectField = MultiSelectField


class AutocompleteField(_OptionsField):
    """One value out of ``options``, found by typing."""

    def __init__(
        self,
        ui_name: str,
        options: Any,
        name: str | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
        default: Any = None,
        visible: Any = True,
        flex: int | None = None,
        *,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name,
            options,
            name=name,
            prefix=prefix,
            suffix=suffix,
            default=default,
            flex=flex,
            visible=visible,
            description=description,
            **kwargs,
        )


# -- entities --------------------------------------------------------------------------------------


def _entity(value: Any) -> Any:
    """An entity id as the app sees it: ``api_v1.Entity`` (imported late: it needs the runtime)."""
    from .. import api_v1  # noqa: PLC0415 - api_v1 is loaded lazily, like the SDK does

    if isinstance(value, api_v1.Entity):
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return api_v1.Entity(value)


class _EntityField(Field):
    """An entity (or several) of the app, stored as entity id(s)."""

    _relation: ClassVar[str] = "any"
    _multiple: ClassVar[bool] = False

    def __init__(
        self,
        ui_name: str,
        entity_type_names: Sequence[str] | None = None,
        *,
        name: str | None = None,
        visible: Any = True,
        flex: int | None = None,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(ui_name=ui_name, name=name, visible=visible, flex=flex, description=description, **kwargs)
        self._entity_type_names = list(entity_type_names) if entity_type_names is not None else None

    def _extra_node(self, where: str, ctx: SchemaContext) -> dict[str, Any]:
        return {"entity_type_names": self._entity_type_names, "relation": self._relation, "multiple": self._multiple}

    def _to_stored(self, value: Any) -> Any:
        ids = [getattr(v, "id", v) for v in value] if self._multiple else getattr(value, "id", value)
        return ids

    def _from_stored(self, value: Any) -> Any:
        if self._multiple:
            return [e for e in (_entity(v) for v in value) if e is not None] if isinstance(value, list) else []
        return _entity(value)


class EntityOptionField(_EntityField):
    def __init__(
        self,
        ui_name: str,
        entity_type_names: Sequence[str],
        *,
        name: str | None = None,
        visible: Any = True,
        flex: int | None = None,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name, entity_type_names, name=name, visible=visible, flex=flex, description=description, **kwargs
        )


class EntityMultiSelectField(EntityOptionField):
    _empty: ClassVar[Any] = []
    _multiple = True


class _RelativeEntityField(_EntityField):
    """Child/sibling fields: ``entity_type_names`` is optional (None = every type)."""

    def __init__(
        self,
        ui_name: str,
        name: str | None = None,
        visible: Any = True,
        flex: int | None = None,
        *,
        entity_type_names: Sequence[str] | None = None,
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            ui_name,
            entity_type_names,
            name=name,
            visible=visible,
            flex=flex,
            description=description,
            **kwargs,
        )


class ChildEntityOptionField(_RelativeEntityField):
    _relation = "child"


class ChildEntityMultiSelectField(ChildEntityOptionField):
    _empty: ClassVar[Any] = []
    _multiple = True


class SiblingEntityOptionField(_RelativeEntityField):
    _relation = "sibling"


class SiblingEntityMultiSelectField(SiblingEntityOptionField):
    _empty: ClassVar[Any] = []
    _multiple = True
