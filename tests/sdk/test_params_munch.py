"""Params as Munches, built from stored JSON by viktorlite's own fast path (issue 18): the same as munch's."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from munch import Munch, munchify

from viktorlite.sdk.parametrization import (
    DateField,
    DynamicArray,
    NumberField,
    Parametrization,
    TextField,
    build_params,
)
from viktorlite.sdk.parametrization.munched import munchify_json

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


def shape(value: Any) -> Any:
    """``value`` with every container's exact type, to compare types as well as contents."""
    if isinstance(value, dict):
        return (type(value).__name__, {key: shape(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [shape(item) for item in value])
    return value


@given(JSON)
def test_json_is_munched_as_munchify_does(value: Any):
    assert shape(munchify_json(value)) == shape(munchify(value))


def test_what_json_does_not_hold_goes_to_munchify():
    value = {"pair": (1, {"a": 2}), "rows": [{"b": 3}]}
    built = munchify_json(value)
    assert shape(built) == shape(munchify(value))
    assert built.pair[1].a == 2 and built.rows[0].b == 3


class Rows(Parametrization):
    table = DynamicArray("Table")
    table.length = NumberField("Length")
    table.when = DateField("When")
    other = TextField("Other")


def test_the_rows_of_a_large_array_are_munches_with_every_column():
    stored = {"table": [{"length": n, "when": "2024-05-01", "extra": {"k": n}} for n in range(2000)], "keep": {"x": 1}}
    before = json.dumps(stored)
    params = build_params(Rows, stored)
    assert json.dumps(stored) == before  # the stored params are not changed
    assert len(params.table) == 2000
    last = params.table[-1]
    assert type(last) is Munch and last.length == 1999 and last.when.isoformat() == "2024-05-01"
    assert type(last.extra) is Munch and last.extra.k == 1999  # a key no column names stays, munched
    assert params.other == "" and type(params.keep) is Munch and params.keep.x == 1
