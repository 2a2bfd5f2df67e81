"""``GET /api/entities`` with ``limit``: a page sorted and filtered on the server; without it the whole
list as before."""

from __future__ import annotations

import pytest

from support import wait_until


@pytest.fixture
def tree(publish_app):
    running = publish_app("tree")
    with running.client() as client:
        wait_until(lambda: len(client.get("/api/entities").json()) == 3, 120, "the initial entities")
        yield client


def test_a_page_sorted_and_filtered_on_the_server(tree):
    client = tree
    project = next(e for e in client.get("/api/entities").json() if e["entity_type"] == "Project")
    for name in ["Zeta", "alpha", "Mid"]:
        created = client.post(
            "/api/entities", json={"entity_type": "Building", "name": name, "parent_id": project["id"]}
        )
        assert created.status_code == 201, created.text
    children = client.get("/api/entities", params={"limit": 2, "parent_id": project["id"], "sort": "name"}).json()
    assert [e["name"] for e in children["items"]][:1] == ["alpha"]
    assert children["total"] >= 4 and children["next_offset"] == 2 and children["limit"] == 2
    rest = client.get(
        "/api/entities",
        params={"limit": 2, "offset": children["next_offset"], "parent_id": project["id"], "sort": "name"},
    ).json()
    shown = [e["name"] for e in children["items"] + rest["items"]]
    assert shown == sorted(shown, key=str.casefold)
    found = client.get("/api/entities", params={"limit": 10, "q": "ZET"}).json()
    assert [e["name"] for e in found["items"]] == ["Zeta"] and found["next_offset"] is None
    assert set(found["items"][0]) >= {"id", "name", "entity_type", "parent_id", "summary", "updated_at", "author"}
    top = client.get("/api/entities", params={"limit": 50, "parent_id": "null"}).json()
    assert [e["id"] for e in top["items"]] == [project["id"]]
    assert isinstance(client.get("/api/entities").json(), list)  # unpaged, as existing clients read it


@pytest.mark.parametrize(
    "query", [{"limit": 0}, {"limit": "x"}, {"limit": 5, "sort": "colour"}, {"limit": 5, "offset": -1}]
)
def test_a_bad_page_is_refused(tree, query):
    assert tree.get("/api/entities", params=query).status_code == 422
