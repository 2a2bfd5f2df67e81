"""sample_apps/long_analysis: the slow view stores once; quick views and a download read it back."""

from __future__ import annotations

import json

from probe import new_entity, run_job

from support import SAMPLE_APPS


def items(job: dict) -> dict:
    assert job["status"] == "finished", job.get("error")
    return {item["label"]: item for item in job["result"]["data"]}


def test_the_analysis_runs_once_and_is_read_back_without_recomputing(start_app):
    running = start_app(SAMPLE_APPS / "long_analysis")
    with running.client() as client:
        manifest = client.get("/api/app").json()
        views = {view["method"]: view for view in manifest["entity_types"][0]["views"]}
        assert views["analysis"]["duration_guess"] > 3  # slow: runs only on request
        assert views["summary"]["duration_guess"] <= 3 and views["frequencies"]["duration_guess"] <= 3
        entity = new_entity(client, "Beam", entity_type="Controller")

        before = run_job(client, entity, "summary")
        assert before["status"] == "failed" and before["error"]["kind"] == "user"
        assert "No analysis yet" in before["error"]["message"]

        analysis = items(run_job(client, entity, "analysis"))
        run_id = analysis["Computed in run"]["value"]
        for _ in range(2):
            summary = items(run_job(client, entity, "summary"))
            assert summary["Computed in run"]["value"] == run_id  # the stored result, not a new run
            assert summary["Maximum deflection"]["value"] == analysis["Maximum deflection"]["value"]
            assert summary["Inputs"]["value"] == "as now"

        download = run_job(client, entity, "download_result")
        assert download["status"] == "finished", download.get("error")
        ref = download["result"]["file"]
        assert ref["filename"] == "beam_analysis.json"
        stored = json.loads(client.get(f"/api/blobs/{ref['blob']}", params={"download": "1"}).content)
        assert stored["run_id"] == run_id  # the stored file, not a new analysis

        changed = client.get(f"/api/entities/{entity}").json()["params"] | {"load": 8.0}
        stale = items(run_job(client, entity, "summary", changed))
        assert stale["Computed in run"]["value"] == run_id
        assert (stale["Inputs"]["value"], stale["Inputs"]["status"]) == ("changed since", "warning")

        first = items(run_job(client, entity, "frequencies"))
        second = items(run_job(client, entity, "frequencies"))
        assert second["Computed in run"]["value"] == first["Computed in run"]["value"]  # memoized
        assert second["Mode 1"]["value"] == first["Mode 1"]["value"]
