"""Entities of a tree app: initial entities, moves, renames, revisions and concurrent saves."""

from __future__ import annotations

import threading

import pytest
from starlette.testclient import TestClient

from support import wait_until
from viktorlite.store.entities import EntityStore
from viktorlite.store.initial_entities import apply_initial_entities
from viktorlite.store.manifest import read_manifest


def by_name(client: TestClient) -> dict[str, dict]:
    return {e["name"]: e for e in client.get("/api/entities").json()}


@pytest.fixture
def tree(publish_app):
    running = publish_app("tree")  # the web process applies the initial entities of the published manifest
    with running.client() as client:
        wait_until(lambda: len(client.get("/api/entities").json()) == 3, 120, "the initial entities")
        yield running, client


def test_initial_entities_are_created_with_their_params_and_children(tree):
    _, client = tree
    entities = by_name(client)
    project, tower, annex = entities["Demo project"], entities["Tower A"], entities["Annex"]
    assert project["parent_id"] is None and project["entity_type"] == "Project"
    assert tower["parent_id"] == annex["parent_id"] == project["id"]
    assert client.get(f"/api/entities/{project['id']}").json()["params"] == {"client": "ACME", "budget": 1200000.0}
    assert client.get(f"/api/entities/{tower['id']}").json()["params"] == {"floors": 10}
    assert client.get(f"/api/entities/{annex['id']}").json()["params"] == {"floors": 3}  # the field default
    (project_type, building_type) = client.get("/api/app").json()["entity_types"]
    assert project_type["children"] == ["Building"] and project_type["show_children_as"] == "Cards"
    assert building_type["children"] == []


def test_dev_start_reapplies_initial_params_as_a_new_revision(tree):
    running, client = tree
    tower = by_name(client)["Tower A"]
    client.put(f"/api/entities/{tower['id']}/params", json={"params": {"floors": 99}})
    manifest = read_manifest(running.pool_redis(), running.name)
    assert apply_initial_entities(running.pool_redis(), manifest, production=False) == 1
    detail = client.get(f"/api/entities/{tower['id']}").json()
    assert detail["params"] == {"floors": 10} and detail["revision"] == 3
    revisions = client.get(f"/api/entities/{tower['id']}/revisions").json()
    assert [r["author"] for r in revisions] == ["local user", "local user", "initial entities"]
    assert len(client.get("/api/entities").json()) == 3  # nothing duplicated


def test_production_creates_top_level_initial_entities_once(publish_app, redis_client):
    running = publish_app("tree")
    manifest = read_manifest(redis_client, running.name)
    assert apply_initial_entities(redis_client, manifest, production=True) == 1
    assert apply_initial_entities(redis_client, manifest, production=True) == 0
    assert [e.name for e in EntityStore(redis_client, running.name).all()] == ["Demo project"]


def test_entities_move_only_where_children_allow_and_never_below_themselves(tree):
    _, client = tree
    entities = by_name(client)
    project, tower = entities["Demo project"], entities["Tower A"]
    other = client.post("/api/entities", json={"entity_type": "Project", "name": "Other"}).json()
    moved = client.patch(f"/api/entities/{tower['id']}", json={"parent_id": other["id"]})
    assert moved.status_code == 200 and moved.json()["parent_id"] == other["id"]
    refused = client.patch(f"/api/entities/{project['id']}", json={"parent_id": tower["id"]})
    assert refused.status_code == 422 and "a Building cannot hold a Project" in refused.json()["error"]
    nested = client.post("/api/entities", json={"entity_type": "Project", "name": "Sub", "parent_id": other["id"]})
    assert nested.status_code == 422 and "a Project cannot hold a Project" in nested.json()["error"]
    assert client.patch(f"/api/entities/{tower['id']}", json={"parent_id": None}).json()["parent_id"] is None


def test_an_entity_never_moves_below_itself(tree):
    running, client = tree
    store = EntityStore(running.pool_redis(), running.name)
    entities = by_name(client)
    with pytest.raises(ValueError, match="below itself"):
        store.move(entities["Demo project"]["id"], entities["Tower A"]["id"])


def test_rename_and_restore_an_old_revision(tree):
    _, client = tree
    tower = by_name(client)["Tower A"]
    assert client.patch(f"/api/entities/{tower['id']}", json={"name": " Tower B "}).json()["name"] == "Tower B"
    assert client.patch(f"/api/entities/{tower['id']}", json={"name": "  "}).status_code == 422
    client.put(f"/api/entities/{tower['id']}/params", json={"params": {"floors": 20}})
    assert client.get(f"/api/entities/{tower['id']}/revisions/1").json()["params"] == {"floors": 10}
    assert client.post(f"/api/entities/{tower['id']}/revisions/1/restore").json() == {"revision": 3}
    assert client.get(f"/api/entities/{tower['id']}").json()["params"] == {"floors": 10}
    assert client.get(f"/api/entities/{tower['id']}/revisions/9").status_code == 404


def test_concurrent_saves_become_whole_revisions_in_order(tree):
    running, client = tree
    store = EntityStore(running.pool_redis(), running.name)
    tower_id = by_name(client)["Tower A"]["id"]

    def save(tab: int) -> None:
        for i in range(50):
            store.save_params(tower_id, {"floors": i, "tab": tab, "empty": {}, "big": 12345678901234567})

    tabs = [threading.Thread(target=save, args=(tab,)) for tab in (1, 2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    revisions = store.revisions(tower_id)
    assert [r.revision for r in revisions] == list(range(1, 102))
    assert all(r.params["empty"] == {} and r.params["big"] == 12345678901234567 for r in revisions[1:])
    assert sorted((r.params["tab"], r.params["floors"]) for r in revisions[1:]) == sorted(
        (tab, i) for tab in (1, 2) for i in range(50)
    )
