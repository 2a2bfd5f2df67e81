"""File entity types (upload -> @ParamsFromFile job -> entity), editor sessions, entity-change events."""

from __future__ import annotations

import json
import threading
import time

import httpx2
import pytest
from starlette.testclient import TestClient

from support import start_web, wait_until
from viktorlite.store.blobs import BlobStore
from viktorlite.store.entities import EntityStore
from viktorlite.store.keys import Keys
from viktorlite.web import editor_sessions


def by_name(client: TestClient) -> dict[str, dict]:
    return {e["name"]: e for e in client.get("/api/entities").json()}


def upload(client: TestClient, content: bytes, filename: str, **query: object):
    params = {"entity_type": "Plan", **{k: str(v) for k, v in query.items()}}
    return client.post("/api/entities/upload", params=params, files={"file": (filename, content, "text/csv")})


def finish(client: TestClient, job_id: str) -> dict:
    return client.get(f"/api/jobs/{job_id}", params={"wait": 60}).json()


def probe(client: TestClient, project_id: int, action: str, arg: str) -> dict:
    """Run the project's probe view (it calls viktor.api_v1; see tests/apps/entity_api)."""
    body = {"method": "probe", "params": {"client": "", "action": action, "arg": arg}}
    return finish(client, client.post(f"/api/entities/{project_id}/jobs", json=body).json()["job_id"])


def _tree(running):
    with running.client() as client:
        wait_until(lambda: by_name(client).get("Demo"), 120, "the initial project")
        yield running, client, by_name(client)["Demo"]["id"]


@pytest.fixture
def tree(start_app):
    yield from _tree(start_app("entity_api"))


@pytest.fixture
def tree_without_workers(publish_app):
    """The web process alone, for what it refuses before any job is queued."""
    yield from _tree(publish_app("entity_api"))


def blob_ids(running) -> set[str]:
    prefix = f"{Keys(running.name).prefix}:blob:"
    return {key.decode()[len(prefix) :] for key in running.pool_redis().keys(prefix + "*") if b":chunks" not in key}


def test_an_upload_becomes_an_entity_whose_params_come_from_the_file(tree):
    running, client, demo = tree
    csv = b"room,area\nkitchen,12.5\nhall,7.5\n"
    answered = upload(client, csv, "ground.CSV", parent_id=demo, name="Ground plan")
    assert answered.status_code == 202, answered.text
    job = finish(client, answered.json()["job_id"])
    assert job["status"] == "finished", job
    created = job["result"]["entity"]
    assert (created["name"], created["entity_type"], created["parent_id"]) == ("Ground plan", "Plan", demo)
    assert client.get(f"/api/entities/{created['id']}").json()["params"] == {"rooms": 2, "total": 20.0}
    listed = by_name(client)["Ground plan"]
    assert listed["file_id"] == answered.json()["file_id"]

    # the original upload comes back through the API, in a later job
    got = probe(client, demo, "file", str(created["id"]))
    assert json.loads(got["result"]["data"][0]["value"])["result"] == csv.decode()
    # deleting the entity deletes its file
    client.delete(f"/api/entities/{created['id']}")
    assert not BlobStore(running.pool_redis(), running.name).exists(listed["file_id"])


@pytest.mark.parametrize(
    ("content", "filename", "status", "message"),
    [
        (b"room,area\n" + b"x,1\n" * 100, "big.csv", 413, "big.csv is larger than the 200 bytes a Floor plan allows"),
        (b"room,area\n", "plan.xlsx", 422, "plan.xlsx: only .csv files are allowed"),
    ],
)
def test_the_file_types_limits_are_enforced_before_any_job(tree_without_workers, content, filename, status, message):
    running, client, demo = tree_without_workers
    before = blob_ids(running)
    answered = upload(client, content, filename, parent_id=demo)
    assert answered.status_code == status and message in answered.json()["error"]
    assert blob_ids(running) == before  # nothing stored
    assert "Plan" not in {e["entity_type"] for e in client.get("/api/entities").json()}


def test_an_upload_the_method_refuses_leaves_no_entity_and_no_file(tree):
    running, client, demo = tree
    before = blob_ids(running)
    answered = upload(client, b"room,area\nbad,1\n", "bad.csv", parent_id=demo)
    job = finish(client, answered.json()["job_id"])
    assert job["status"] == "failed" and job["error"]["kind"] == "user"
    assert job["error"]["message"] == "the plan has a bad row"
    assert "bad.csv" not in by_name(client)
    assert blob_ids(running) == before


def test_uploads_are_refused_where_the_tree_does_not_allow_them(tree_without_workers):
    _, client, demo = tree_without_workers
    floor = client.post("/api/entities", json={"entity_type": "Floor", "name": "F", "parent_id": demo}).json()
    refused = upload(client, b"room,area\n", "p.csv", parent_id=floor["id"])
    assert refused.status_code == 422 and "a Floor cannot hold a Plan" in refused.json()["error"]
    not_a_file_type = client.post("/api/entities/upload", params={"entity_type": "Floor"}, files={"file": ("a", b"")})
    assert not_a_file_type.status_code == 422 and "Floor is not a file entity type" in not_a_file_type.json()["error"]
    no_file = client.post("/api/entities", json={"entity_type": "Plan", "name": "P", "parent_id": demo})
    assert no_file.status_code == 422 and "made from a file" in no_file.json()["error"]


def test_every_visit_of_an_editor_app_gets_a_private_session_that_expires(start_app):
    running = start_app("editor_app")
    with running.client() as client:
        first = client.get("/", follow_redirects=False)
        second = client.get("/", follow_redirects=False)
        assert first.status_code == second.status_code == 303
        assert first.headers["location"] != second.headers["location"]
        entity_id = int(first.headers["location"].rsplit("/", 1)[1])
        record = EntityStore(running.pool_redis(), running.name).get(entity_id)
        page = client.get(f"/entities/{entity_id}").text
        assert record.session_id and f'data-session-id="{record.session_id}"' in page
        assert client.get("/api/entities").json() == []  # sessions are private
        refused = client.put(f"/api/entities/{entity_id}/params", json={"params": {"note": "x"}})
        assert refused.status_code == 409 and "never saved" in refused.json()["error"]

        body = {"method": "notes", "params": {"note": "hello"}, "session_id": record.session_id}
        job = finish(client, client.post(f"/api/entities/{entity_id}/jobs", json=body).json()["job_id"])
        assert job["result"]["data"][0]["value"] == "hello"
        zone = Keys(running.name).storage_zone(f"session:{record.session_id}")
        assert running.pool_redis().exists(zone)

        later = time.time() + editor_sessions.SESSION_TTL_SECONDS + 1
        ended = editor_sessions.sweep(running.pool_redis(), running.name, now=later)
        assert entity_id in ended
        assert client.get(f"/api/entities/{entity_id}").status_code == 404
        assert not running.pool_redis().exists(zone)


def test_entity_changes_made_by_a_job_are_pushed_to_open_pages(tree):
    running, client, demo = tree
    web, url = start_web(running.directory, running.redis_url)
    events: list[dict] = []
    ready = threading.Event()

    def listen() -> None:
        with httpx2.stream("GET", url + "/api/events", timeout=30) as response:
            name = None
            for line in response.iter_lines():
                if line.startswith("event:"):
                    name = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and name == "ready":
                    ready.set()
                elif line.startswith("data:") and name == "entity":
                    events.append(json.loads(line.split(":", 1)[1]))
                    if events[-1]["change"] == "renamed":
                        return

    listener = threading.Thread(target=listen, daemon=True)
    try:
        listener.start()
        assert ready.wait(20), "the event stream never said it was ready"
        probe(client, demo, "create_child", "Pushed")
        child = by_name(client)["Pushed"]
        probe(client, demo, "rename", str(child["id"]))
        listener.join(20)
        changes = [(e["change"], e["entity_id"]) for e in events]
        assert ("created", child["id"]) in changes and ("renamed", child["id"]) in changes
        created = next(e for e in events if e["change"] == "created")
        assert created["parent_id"] == demo and created["author"] == "app"
    finally:
        web.stop()
