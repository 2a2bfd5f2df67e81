"""EntityStore.delete on a real Redis: the subtree goes, with revisions and Storage zones."""

from __future__ import annotations

import uuid

import pytest

from viktorlite.store.entities import EntityNotFound, EntityStore
from viktorlite.store.storage import StorageZones, entity_zone, session_zone, workspace_zone


def test_deleting_an_entity_deletes_its_children_and_their_storage(redis_client):
    app = f"delete-{uuid.uuid4().hex[:8]}"
    store, zones = EntityStore(redis_client, app), StorageZones(redis_client, app)
    parent = store.create("Folder", "parent", {})
    child = store.create("Item", "child", {}, parent_id=parent.id)
    grandchild = store.create("Item", "grandchild", {}, parent_id=child.id)
    other = store.create("Folder", "other", {})
    for entity in (parent, child, grandchild, other):
        zones.set(entity_zone(entity.id), "k", zones.blobs.put(b"entity data"))
    zones.set(session_zone(None, child.id), "s", zones.blobs.put(b"session data"))
    workspace_blob = zones.blobs.put(b"workspace data")
    zones.set(workspace_zone(1), "w", workspace_blob)

    assert store.delete(parent.id) == [parent.id, child.id, grandchild.id]

    assert [r.id for r in store.all()] == [other.id]
    for gone in (parent, child, grandchild):
        with pytest.raises(EntityNotFound):
            store.get(gone.id)
        assert zones.list(entity_zone(gone.id)) == {}
    assert zones.list(session_zone(None, child.id)) == {}
    assert zones.blobs.open(zones.get(entity_zone(other.id), "k")).read() == b"entity data"
    assert zones.blobs.open(workspace_blob).read() == b"workspace data"
    leftover = {key.decode() for key in redis_client.scan_iter(f"viktorlite:{app}:*")}
    assert not [key for key in leftover if any(f":entity:{e.id}" in key for e in (parent, child, grandchild))]
    assert len([key for key in leftover if ":blob:" in key]) == 2 * 2  # other's and the workspace's blobs
    with pytest.raises(EntityNotFound):
        store.delete(parent.id)
