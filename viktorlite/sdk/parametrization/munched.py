"""Params as Munches (``params.section.field``), built fast from what JSON decodes to.

A job's params can hold a table of thousands of rows; Munch's own ``munchify`` and ``__init__`` go
key by key through Python, and were most of such a job's time in its work horse (issue 18).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from munch import Munch, munchify

#: The types JSON decodes a value to, besides dicts and lists.
_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def new_munch(items: Iterable[tuple[str, Any]] | Mapping[str, Any]) -> Munch:
    """``Munch(items)``, without Munch's own ``__init__`` and ``update``, which set the keys one by one
    in Python (a Munch is a dict and nothing more)."""
    built: Munch = Munch.__new__(Munch)
    dict.update(built, items)
    return built


def munchify_json(value: Any) -> Any:
    """``munchify`` for what JSON decodes to (dicts, lists, scalars): 6 against 25 ms for a table of
    5,000 rows (issue 18); anything else (a tuple, another mapping) goes to ``munchify`` itself. No
    cycle checks: JSON has no cycles."""
    kind = type(value)
    if kind is dict:
        return new_munch((key, munchify_json(item)) for key, item in value.items())
    if kind is list:
        return [munchify_json(item) for item in value]
    if kind in _JSON_SCALARS:
        return value
    return munchify(value)
