"""DataView content: DataGroup, DataItem and DataStatus, with the SDK's documented limits."""

from __future__ import annotations

import enum
import math
import numbers
from collections.abc import Iterable
from typing import Any

__all__ = ["DataGroup", "DataItem", "DataStatus"]

_MAX_GROUP_ITEMS = 100
_MAX_DATA_DEPTH = 3


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
        if subgroup is not None and not isinstance(subgroup, DataGroup):
            raise TypeError(f"DataItem {label!r}: subgroup must be a DataGroup, got {type(subgroup).__name__}")
        if subgroup is not None and 1 + subgroup._depth() > _MAX_DATA_DEPTH:
            raise ValueError(f"DataItem {label!r}: data may be nested at most {_MAX_DATA_DEPTH} deep")
        self.label = label
        self.value = value
        self._subgroup = subgroup
        self.prefix = prefix
        self.suffix = suffix
        self.number_of_decimals = number_of_decimals
        self.status = status
        self.status_message = status_message
        self.explanation_label = explanation_label

    @property
    def subgroup(self) -> DataGroup | None:
        """The nested items (fixed at construction: its depth was checked then)."""
        return self._subgroup

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


def data_json(group: DataGroup) -> list[dict[str, Any]]:
    """The protocol's list-of-items form of a DataGroup."""
    if not isinstance(group, DataGroup):
        raise TypeError(f"data must be a DataGroup, got {type(group).__name__}")
    return [
        {
            "key": key if isinstance(key, str) else None,
            "label": str(item.label),
            "value": _item_value(item.value),
            "prefix": str(item.prefix or ""),
            "suffix": str(item.suffix or ""),
            "number_of_decimals": item.number_of_decimals,
            "status": DataStatus(item.status).value,
            "status_message": str(item.status_message or ""),
            "explanation_label": str(item.explanation_label or ""),
            "subgroup": data_json(item.subgroup) if item.subgroup is not None else None,
        }
        for key, item in group.items()
    ]
