"""A legacy-layout app (manifest/manifest.yml, SDK < 13) runs in real workers like any other."""

from __future__ import annotations

from pathlib import Path

from support import wait_until

LEGACY_APP = Path(__file__).parent.parent / "compat_apps" / "legacy_manifest"


def test_the_manifest_entities_are_created_as_a_tree_and_their_views_run(start_app):
    running = start_app(LEGACY_APP)
    with running.client() as client:
        wait_until(lambda: len(client.get("/api/entities").json()) == 3, 120, "the manifest's entities")
        entities = {e["name"]: e for e in client.get("/api/entities").json()}
        folder, project, beam = entities["Projects"], entities["Example project"], entities["Example beam"]
        assert (folder["parent_id"], project["parent_id"], beam["parent_id"]) == (None, folder["id"], project["id"])
        assert [t["name"] for t in client.get("/api/app").json()["entity_types"]] == [
            "ProjectFolder",
            "Project",
            "Beam",
        ]
        started = client.post(f"/api/entities/{beam['id']}/jobs", json={"method": "section"})
        job = client.get(f"/api/jobs/{started.json()['job_id']}", params={"wait": 60}).json()
        assert job["status"] == "finished", job.get("error")
        assert [item["value"] for item in job["result"]["data"]] == [300 * 600]  # the params the manifest gave
