"""``viktor.views``: view decorators, the results view methods return, and their serialisation.

A view decorator only tags the method (``func.__viktor_view__``); the worker finds views with
:func:`view_spec_of`, runs them, and turns what they return into JSON with
:func:`serialize_result` (docs/protocol.md, "Results").
"""

from __future__ import annotations

import builtins
import enum
import json
import math
import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from .core import _json_or_dynamic, _warn_ignored_kwargs

__all__ = [
    "DataGroup",
    "DataItem",
    "DataResult",
    "DataStatus",
    "DataView",
    "PlotlyResult",
    "PlotlyView",
    "View",
]

_MAX_GROUP_ITEMS = 100
_MAX_DATA_DEPTH = 3

# -- data view objects -----------------------------------------------------------------------------


class DataStatus(enum.Enum):
    """Colour of a DataItem's status message."""

    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


class DataItem:
    """One labelled value in a DataView, optionally with a nested ``subgroup``."""

    def __init__(
        self,
        label: str,
        value: str | float | None = None,
        subgroup: DataGroup | None = None,
        *,
        prefix: str = "",
        suffix: str = "",
        number_of_decimals: int | None = None,
        status: DataStatus = DataStatus.INFO,
        status_message: str = "",
        explanation_label: str = "",
    ) -> None:
        if number_of_decimals is not None and value is not None and not _is_number(value):
            raise TypeError(f"DataItem {label!r}: number_of_decimals needs a numeric value, got {value!r}")
        if subgroup is not None and 1 + subgroup._depth() > _MAX_DATA_DEPTH:
            raise ValueError(f"DataItem {label!r}: data may be nested at most {_MAX_DATA_DEPTH} deep")
        self.label = label
        self.value = value
        self.subgroup = subgroup
        self.prefix = prefix
        self.suffix = suffix
        self.number_of_decimals = number_of_decimals
        self.status = status
        self.status_message = status_message
        self.explanation_label = explanation_label

    def __repr__(self) -> str:
        return f"DataItem({self.label!r}, {self.value!r})"


class DataGroup(dict[Any, DataItem]):
    """The content of a DataView: an ordered dict of DataItems (at most 100).

    Keyword items are keyed by their name (a Summary can refer to them); positional items get
    an integer key and serialise with ``"key": null``.
    """

    def __init__(self, *args: DataItem, **kwargs: DataItem) -> None:
        super().__init__()
        self.add(*args)
        for key, item in kwargs.items():
            self._put(key, item)

    def add(self, *items: DataItem) -> None:
        """Append items without a key."""
        for item in items:
            key = len(self)
            while key in self:
                key += 1
            self._put(key, item)

    def _put(self, key: Any, item: DataItem) -> None:
        if not isinstance(item, DataItem):
            raise TypeError(f"DataGroup holds DataItems only, got {item!r}")
        if len(self) >= _MAX_GROUP_ITEMS:
            raise AttributeError(f"a DataGroup holds at most {_MAX_GROUP_ITEMS} items")
        self[key] = item

    def _depth(self) -> int:
        """Levels of items including this group's own (a flat group has depth 1)."""
        return 1 + max((item.subgroup._depth() for item in self.values() if item.subgroup), default=0)

    @classmethod
    def from_data_groups(cls, groups: Iterable[DataGroup]) -> DataGroup:
        """Merge groups into one; two items under the same key name are an error."""
        merged = cls()
        for group in groups:
            for key, item in group.items():
                if not isinstance(key, str):
                    merged.add(item)
                elif key in merged:
                    raise KeyError(f"duplicate DataGroup key {key!r}")
                else:
                    merged._put(key, item)
        return merged


# -- results ---------------------------------------------------------------------------------------


class _ViewResult:
    """Base of what view methods return; subclasses know their own JSON."""

    def _to_json(self) -> dict[str, Any]:
        raise NotImplementedError


def _item_value(value: Any) -> Any:
    """A JSON-safe value: numpy scalars become Python numbers, NaN/inf become text."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else str(number)
    return str(value)


def _data_json(group: DataGroup) -> list[dict[str, Any]]:
    return [
        {
            "key": key if isinstance(key, str) else None,
            "label": item.label,
            "value": _item_value(item.value),
            "prefix": item.prefix,
            "suffix": item.suffix,
            "number_of_decimals": item.number_of_decimals,
            "status": DataStatus(item.status).value,
            "status_message": item.status_message,
            "explanation_label": item.explanation_label,
            "subgroup": _data_json(item.subgroup) if item.subgroup is not None else None,
        }
        for key, item in group.items()
    ]


class DataResult(_ViewResult):
    """Result of a DataView."""

    def __init__(self, data: DataGroup) -> None:
        if not isinstance(data, DataGroup):
            raise TypeError(f"DataResult expects a DataGroup, got {type(data).__name__}")
        self.data = data

    def _to_json(self) -> dict[str, Any]:
        return {"type": "DataResult", "data": _data_json(self.data)}


def _figure_json(figure: Any) -> dict[str, Any]:
    if isinstance(figure, str):
        try:
            loaded = json.loads(figure)
        except ValueError as error:
            raise ValueError(f"PlotlyResult: the figure string is not valid JSON ({error})") from None
        if not isinstance(loaded, dict):
            raise ValueError("PlotlyResult: the figure JSON must be an object")
        return loaded
    import plotly.io  # lazily: only apps with plotly views pay for the import

    # plotly's encoder handles numpy/pandas values and turns NaN into null.
    result: dict[str, Any] = json.loads(plotly.io.to_json(figure, validate=False))
    return result


class PlotlyResult(_ViewResult):
    """Result of a PlotlyView: a figure as dict, JSON string or ``plotly.graph_objects.Figure``."""

    def __init__(self, figure: str | dict[str, Any] | Any) -> None:
        if not isinstance(figure, (str, dict)) and not hasattr(figure, "to_plotly_json"):
            raise TypeError(f"PlotlyResult expects a dict, JSON string or plotly Figure, got {type(figure).__name__}")
        self.figure = figure

    def _to_json(self) -> dict[str, Any]:
        return {"type": "PlotlyResult", "figure": _figure_json(self.figure)}


def serialize_result(result: Any) -> dict[str, Any]:
    """The JSON form of a view method's return value (docs/protocol.md, "Results")."""
    if not isinstance(result, _ViewResult):
        raise TypeError(
            f"cannot serialise {type(result).__name__}: a view method must return a view result "
            "such as DataResult or PlotlyResult"
        )
    return result._to_json()


# -- view decorators -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ViewSpec:
    """What a view decorator records about the method it decorates."""

    type: str
    label: str
    result_type: builtins.type[_ViewResult]
    duration_guess: float = 1
    update_label: str | None = None
    description: str | None = None
    visible: Any = True

    def to_json(self, method_name: str) -> dict[str, Any]:
        """The manifest's ``views`` entry for this view on method ``method_name``."""
        return {
            "method": method_name,
            "type": self.type,
            "label": self.label,
            "duration_guess": self.duration_guess,
            "update_label": self.update_label,
            "description": self.description,
            "visible": _json_or_dynamic(self.visible),
        }


F = TypeVar("F", bound=Callable[..., Any])


class View:
    """Base of the view decorators: ``@DataView("Results", duration_guess=1)``."""

    _result_type: ClassVar[builtins.type[_ViewResult]] = _ViewResult

    def __init__(
        self,
        label: str,
        duration_guess: float | None = None,
        *,
        description: str | None = None,
        update_label: str | None = None,
        visible: bool | Callable[..., bool] = True,
        **kwargs: Any,
    ) -> None:
        _warn_ignored_kwargs(type(self).__name__, kwargs)
        self._spec = ViewSpec(
            type=type(self).__name__,
            label=label,
            result_type=self._result_type,
            duration_guess=1 if duration_guess is None else duration_guess,
            update_label=update_label,
            description=description,
            visible=visible,
        )

    def __call__(self, func: F) -> F:
        func.__viktor_view__ = self._spec  # type: ignore[attr-defined]
        return func


class DataView(View):
    _result_type = DataResult


class PlotlyView(View):
    _result_type = PlotlyResult


def view_spec_of(func: Any) -> ViewSpec | None:
    """The view a controller attribute was decorated as, or None when it is not a view."""
    spec = getattr(func, "__viktor_view__", None)
    return spec if isinstance(spec, ViewSpec) else None
