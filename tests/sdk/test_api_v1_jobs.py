"""``viktor.api_v1`` inside real jobs: navigation, mutations, the Entity*Error family, summaries.

Every call runs in a real worker against the real Redis; the web API then shows what the job did.
"""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from support import wait_until


def by_name(client: TestClient) -> dict[str, dict]:
    return {e["name"]: e for e in client.get("/api/entities").json()}


def finish(client: TestClient, job_id: str) -> dict:
    job = client.get(f"/api/jobs/{job_id}", params={"wait": 60}).json()
    assert job["status"] in ("finished", "failed"), job
    return job


def probe(client: TestClient, project_id: int, action: str, arg: object = "") -> dict:
    """Run the Project's probe view with ``action``; its one DataItem holds the JSON answer."""
    params = {"client": "ACME", "action": action, "arg": str(arg)}
    started = client.post(f"/api/entities/{project_id}/jobs", json={"method": "probe", "params": params})
    assert started.status_code == 202, started.text
    job = finish(client, started.json()["job_id"])
    assert job["status"] == "finished", job
    return json.loads(job["result"]["data"][0]["value"])


def new_floor(client: TestClient, parent_id: int, name: str, area: float) -> dict:
    created = client.post(
        "/api/entities", json={"entity_type": "Floor", "name": name, "parent_id": parent_id, "params": {"area": area}}
    )
    assert created.status_code == 201, created.text
    return created.json()


@pytest.fixture
def tree(start_app):
    running = start_app("entity_api")
    with running.client() as client:
        wait_until(lambda: by_name(client).get("Demo"), 120, "the initial project")
        yield running, client, by_name(client)["Demo"]["id"]


def test_a_job_reads_the_tree_through_the_api(tree):
    _, client, demo = tree
    first = new_floor(client, demo, "Ground", 120)
    new_floor(client, demo, "First", 80)
    other = client.post("/api/entities", json={"entity_type": "Project", "name": "Other"}).json()
    new_floor(client, other["id"], "Elsewhere", 5)
    client.put(f"/api/entities/{demo}/params", json={"params": {"client": "Bouw BV", "action": "", "arg": ""}})

    seen = probe(client, demo, "read")["result"]
    assert seen["me"] == {"id": demo, "name": "Demo", "type": "Project"}
    assert [c["name"] for c in seen["children"]] == ["Ground", "First"]
    assert seen["floors"] == [120, 80]
    assert [r["name"] for r in seen["roots"]] == ["Demo", "Other"]
    assert seen["by_type"] == ["Elsewhere", "First", "Ground"]
    assert [s["name"] for s in seen["siblings"]] == ["First"]
    assert seen["parent"]["id"] == demo and seen["len_negative"] == "First"
    assert seen["revisions"] == [[1, None, "ACME"], [2, 1, "Bouw BV"]]
    assert seen["user"] == "Local User" and seen["types"] == ["Project", "Floor", "Plan"]
    assert first["id"] in [c["id"] for c in seen["children"]]


def test_job_mutations_are_stored_with_the_app_as_author(tree):
    _, client, demo = tree
    floor = new_floor(client, demo, "Ground", 120)
    created = probe(client, demo, "create_child", "Made by a job")["result"]
    assert created["type"] == "Floor"
    assert client.get(f"/api/entities/{created['id']}").json()["params"] == {"area": 42}
    assert by_name(client)["Made by a job"]["parent_id"] == demo

    assert probe(client, demo, "set_params", floor["id"])["result"] == {"area": 7.5}
    revisions = client.get(f"/api/entities/{floor['id']}/revisions").json()
    assert [(r["revision"], r["author"]) for r in revisions] == [(1, "local user"), (2, "app")]

    assert probe(client, demo, "rename", floor["id"])["result"]["name"] == "Renamed by a job"
    assert client.get(f"/api/entities/{floor['id']}").json()["name"] == "Renamed by a job"

    assert probe(client, demo, "delete", created["id"])["result"] == "deleted"
    assert client.get(f"/api/entities/{created['id']}").status_code == 404


@pytest.mark.parametrize(
    ("action", "error", "message"),
    [
        ("missing", "EntityNotFoundError", "entity 999999 does not exist"),
        ("bad_child_type", "EntityCreateError", "a Project cannot hold a Project"),
        ("file_child", "EntityCreateError", "made from an uploaded file"),
        ("bad_params", "EntityReviseError", "area"),
        ("delete_missing", "EntityDeleteError", "entity 999999 does not exist"),
        ("no_parent", "EntityNotFoundError", "has no parent"),
    ],
)
def test_api_failures_raise_the_entity_error_that_names_the_problem(tree, action, error, message):
    _, client, demo = tree
    floor = new_floor(client, demo, "Ground", 120)
    answered = probe(client, demo, action, floor["id"])
    assert answered["error"] == error
    assert message in answered["message"]
    assert client.get(f"/api/entities/{floor['id']}").json()["params"] == {"area": 120}  # nothing lost


def test_the_summary_follows_every_saved_revision(tree):
    _, client, demo = tree
    new_floor(client, demo, "Ground", 120)
    client.put(f"/api/entities/{demo}/params", json={"params": {"client": "Bouw BV", "action": "", "arg": ""}})

    def summary() -> dict:
        return by_name(client)["Demo"]["summary"]

    wait_until(lambda: summary().get("client", {}).get("value") == "Bouw BV", 120, "the summary of revision 2")
    items = summary()
    assert (items["area"]["value"], items["area"]["suffix"], items["area"]["label"]) == (120.0, "m2", "Total area")
    assert items["missing"]["value"] is None and "no.such.path" in items["missing"]["error"]
    assert probe(client, demo, "read")["result"]["summary"]["client"]["value"] == "Bouw BV"
    assert by_name(client)["Ground"]["summary"] == {}  # Floor has no summary

    # a revision made by a job gets its summary too
    probe(client, demo, "create_child", "Made by a job")  # adds 42 m2, but the project itself is unchanged
    client.post(f"/api/entities/{demo}/revisions/1/restore")
    wait_until(lambda: summary()["client"]["value"] == "ACME", 120, "the summary of the restored revision")
    assert summary()["area"]["value"] == 162.0


def test_the_start_page_opens_the_initial_entity_that_asks_for_it(tree):
    _, client, demo = tree
    landed = client.get("/", follow_redirects=False)
    assert landed.status_code == 303 and landed.headers["location"] == f"/entities/{demo}"
    assert client.get("/?list", follow_redirects=False).status_code == 200  # the list stays reachable
