"""Every key viktorlite writes is counted under a kind in the memory breakdown, none as "other"
(viktorlite/store/redis_memory.py): "other" is what the app's own code or a stranger put there."""

from __future__ import annotations

import inspect

import pytest

from viktorlite.store.keys import Keys
from viktorlite.store.redis_memory import kind_of

KEYS = Keys("app")


def every_key() -> list[tuple[str, str]]:
    made = []
    for name, member in inspect.getmembers(Keys):
        if name.startswith("_") or name in {"prefix", "queue", "app"} or name.endswith("channel"):
            continue  # not keys, or channels (nothing is stored under a channel)
        if isinstance(member, property):
            made.append((name, getattr(KEYS, name)))
        elif inspect.isfunction(member):
            arguments = ["1" for parameter in list(inspect.signature(member).parameters)[1:]]
            made.append((name, member(KEYS, *arguments)))
    return made


@pytest.mark.parametrize(("name", "key"), every_key())
def test_every_key_of_viktorlite_has_a_kind(name: str, key: str):
    assert kind_of(key, KEYS.prefix) != "other", f"Keys.{name} ({key}) is counted as other"
