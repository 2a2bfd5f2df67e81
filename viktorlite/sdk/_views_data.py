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
    return isinstance(value, numbers.Real)  # a bool too, as in the SDK (True shows as 1.00)


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

    def _display_value(self) -> str:
        if self.value is None:
            return ""
        if self.number_of_decimals is not None:
            return f"{self.value:.{self.number_of_decimals}f}"
        return str(self.value)

    def _serialize(self) -> dict[str, Any]:
        """The SDK's own dict form of the item (a DataGroup adds the item's ``key``)."""
        return {
            "label": self.label,
            "value": self.value,
            "display_value": self._display_value(),
            "prefix": self.prefix,
            "suffix": self.suffix,
            "children": self.subgroup._serialize() if self.subgroup is not None else [],
            "status": DataStatus(self.status).value,
            "status_message": self.status_message,
            "explanation_label": self.explanation_label,
        }


class DataGroup(dict[Any, DataItem]):
    """The content of a DataView: an ordered dict of DataItems (at most 100).

    Keyword items are keyed by their name (a Summary can refer to them); positional items are keyed
    ``pos0``, ``pos1``, ... as in the SDK, and serialise with ``"key": null`` in viktorlite's protocol.
    """

    def __init__(self, *args: DataItem, **kwargs: DataItem) -> None:
        super().__init__()
        self._positional: list[str] = []
        self.add(*args)
        for key, item in kwargs.items():
            if key.startswith("pos"):
                raise ValueError("DataGroup cannot contain keyworded DataItem entries that start with 'pos'")
            self._put(key, item)

    def add(self, *items: DataItem) -> None:
        """Append items without a key of their own."""
        for item in items:
            key = f"pos{len(self._positional)}"
            self._put(key, item)
            self._positional.append(key)

    def _put(self, key: Any, item: DataItem) -> None:
        if not isinstance(item, DataItem):
            raise TypeError(f"DataGroup holds DataItems only, got {item!r}")
        if len(self) >= _MAX_GROUP_ITEMS:
            raise AttributeError(f"a DataGroup holds at most {_MAX_GROUP_ITEMS} items")
        self[key] = item

    def _serialize(self) -> list[dict[str, Any]]:
        """The SDK's own list form of the group: each item's dict with its key."""
        return [{**item._serialize(), "key": key} for key, item in self.items()]

    def _depth(self) -> int:
        """Levels of items including this group's own (a flat group has depth 1)."""
        return 1 + max((item.subgroup._depth() for item in self.values() if item.subgroup), default=0)

    @classmethod
    def from_data_groups(cls, groups: Iterable[DataGroup]) -> DataGroup:
        """Merge groups into one, as the SDK does: the items without a key first, then the keyed items;
        the same key in two groups is an error."""
        positional: list[DataItem] = []
        keyed: dict[str, DataItem] = {}
        for group in groups:
            for key, item in group.items():
                if key in group._positional:
                    positional.append(item)
                elif key in keyed:
                    raise KeyError(f"Key {key!r} is already present in another DataGroup.")
                else:
                    keyed[key] = item
        return cls(*positional, **keyed)


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
            "key": None if key in group._positional else key,
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
