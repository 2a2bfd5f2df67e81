"""What every parametrization item shares: how it describes itself to the editor.

Apps nest items with dot-notation (``tab_1.section_1.x = NumberField(...)``), so the public
attributes of a group *are* its children, in declaration order; every item keeps its own
configuration in ``_``-prefixed attributes.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

PACKAGE = __name__.rsplit(".", 1)[0]


@dataclass
class SchemaContext:
    """What a node needs to know about the whole parametrization while it serialises itself."""

    #: attribute path -> storage path of every field outside arrays (Lookup targets).
    fields: dict[str, str] = field(default_factory=dict)
    #: attribute path of the DynamicArray/Table being serialised, if any.
    array: str | None = None
    #: column names of that array (RowLookup targets).
    row_fields: frozenset[str] = frozenset()
    #: set when any attribute needs a callback job (callables, FunctionLookups).
    needs_job: bool = False

    def is_lookup_target(self, target: str) -> bool:
        return target in self.fields or target in self.fields.values()


class _Item:
    """Anything that can be placed in a parametrization: a group, a field, a button, a text."""

    def _node(self, attr: str, path: str, ctx: SchemaContext) -> dict[str, Any]:
        """The schema node of this item, placed at attribute ``attr`` / dotted ``path``."""
        raise NotImplementedError

    def _dynamic(self) -> dict[str, Any]:
        """Attributes the app may compute at run time, as declared: ``{"visible": ..., ...}``."""
        return {}


def sdk_type(item: object) -> str:
    """The SDK class an item is (apps may subclass fields; the editor only knows SDK types)."""
    return next(c.__name__ for c in type(item).__mro__ if c.__module__.startswith(PACKAGE))


def children(obj: object) -> Iterator[tuple[str, _Item]]:
    """The items set as public attributes of ``obj``, in insertion order."""
    for attr, value in vars(obj).items():
        if not attr.startswith("_") and isinstance(value, _Item):
            yield attr, value


def nodes(items: Iterable[tuple[str, _Item]], prefix: str, ctx: SchemaContext) -> list[dict[str, Any]]:
    return [item._node(attr, prefix + attr, ctx) for attr, item in items]


def warn(message: str) -> None:
    """A problem in the app's declaration: reported in the worker log, never fatal."""
    warnings.warn(message, UserWarning, stacklevel=3)


def clamp_flex(owner: str, flex: Any) -> Any:
    if flex is None or isinstance(flex, bool) or not isinstance(flex, (int, float)):
        return None
    if not 0 <= flex <= 100:
        warn(f"{owner}: flex must be within 0-100, got {flex}; clamped")
        return max(0, min(100, flex))
    return flex
