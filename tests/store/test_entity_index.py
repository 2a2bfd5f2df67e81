"""EntityStore.page on a real Redis: the index orders, filters and pages saved entities, and follows
renames, moves and deletes; an index missing (data from before it) is rebuilt from the records."""

from __future__ import annotations

import uuid

import pytest

from viktorlite.store.entities import EntityStore
from viktorlite.store.entity_index import PageQuery


@pytest.fixture
def store(redis_client) -> EntityStore:
    return EntityStore(redis_client, f"index-{uuid.uuid4().hex[:8]}")


def names(store: EntityStore, **query) -> list[str]:
    records, _ = store.page(PageQuery(**query))
    return [r.name for r in records]


def test_pages_in_id_and_name_order_both_ways(store):
    for name in ["delta", "Alpha", "charlie", "bravo", "echo"]:
        store.create("Part", name, {})
    records, total = store.page(PageQuery(limit=2))
    assert [r.name for r in records] == ["delta", "Alpha"] and total == 5
    assert names(store, limit=2, offset=2) == ["charlie", "bravo"]
    assert names(store, limit=2, offset=4) == ["echo"]
    assert names(store, limit=10, sort="-id") == ["echo", "bravo", "charlie", "Alpha", "delta"]
    assert names(store, limit=3, sort="name") == ["Alpha", "bravo", "charlie"]
    assert names(store, limit=3, sort="-name") == ["echo", "delta", "charlie"]
    assert names(store, limit=10, sort="created_at") == names(store, limit=10, sort="id")
    with pytest.raises(ValueError):
        store.page(PageQuery(sort="colour"))


def test_filters_by_parent_type_and_name_and_counts_the_matches(store):
    root = store.create("Folder", "root", {})
    for i in range(6):
        store.create("Part" if i % 2 else "Beam", f"child {5 - i}", {}, parent_id=root.id)
    store.create("Part", "loose part", {})
    records, total = store.page(PageQuery(limit=2, by_parent=True, parent_id=root.id, sort="name"))
    assert [r.name for r in records] == ["child 0", "child 1"] and total == 6
    assert names(store, limit=10, by_parent=True, parent_id=None) == ["root", "loose part"]
    assert names(store, limit=10, entity_type="Part") == ["child 4", "child 2", "child 0", "loose part"]
    parts = store.page(PageQuery(limit=10, by_parent=True, parent_id=root.id, entity_type="Part", sort="-name"))
    assert [r.name for r in parts[0]] == ["child 4", "child 2", "child 0"] and parts[1] == 3
    assert names(store, limit=10, q="PART") == ["loose part"]
    assert names(store, limit=10, q="child", sort="name", entity_type="Beam") == ["child 1", "child 3", "child 5"]


def test_follows_renames_moves_deletes_and_leaves_sessions_out(store):
    a = store.create("Folder", "a", {})
    b = store.create("Folder", "b", {})
    child = store.create("Part", "x", {}, parent_id=a.id)
    store.create("Part", "session", {}, session_id="s1")
    store.rename(child.id, "renamed")
    assert names(store, limit=10, sort="name") == ["a", "b", "renamed"]
    store.move(child.id, b.id)
    assert names(store, limit=10, by_parent=True, parent_id=a.id) == []
    assert names(store, limit=10, by_parent=True, parent_id=b.id) == ["renamed"]
    store.delete(b.id)
    records, total = store.page(PageQuery(limit=10, sort="name"))
    assert [r.name for r in records] == ["a"] and total == 1
    assert names(store, limit=10, entity_type="Part") == []


def test_an_index_missing_is_rebuilt_from_the_records(store, redis_client):
    for name in ["b", "a", "c"]:
        store.create("Part", name, {})
    for key in redis_client.scan_iter(f"{store._keys.prefix}:entities:index:*"):
        redis_client.delete(key)
    assert names(store, limit=10, sort="name") == ["a", "b", "c"]
