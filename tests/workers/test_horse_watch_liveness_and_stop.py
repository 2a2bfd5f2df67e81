"""A worker's sign of life and a stop's answer must be true (issue 16, items 6 and 7)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from support import wait_until

WAIT = 120  # a hang guard, never a measure


def start(client, entity_id: int, method: str, **params) -> str:
    response = client.post(f"/api/entities/{entity_id}/jobs", json={"method": method, "params": params})
    assert response.status_code == 202, response.text
    return response.json()["job_id"]


def ended(client, job_id: str) -> dict:
    described = client.get(f"/api/jobs/{job_id}", params={"wait": WAIT}).json()
    assert described["status"] in ("finished", "failed", "stopped"), described
    return described


@pytest.fixture
def isolation(start_app) -> Iterator[tuple]:
    running = start_app("isolation", workers=2)
    with running.client() as client:
        entity = client.post("/api/entities", json={"entity_type": "Isolation", "name": "I"}).json()
        yield running, client, entity["id"]


def test_a_disk_full_of_files_never_makes_a_live_worker_look_dead(start_app):
    running = start_app("isolation", workers=1)
    with running.client() as client:
        entity_id = client.post("/api/entities", json={"entity_type": "Isolation", "name": "I"}).json()["id"]
        assert ended(client, start(client, entity_id, "many_files", count=80_000))["status"] == "finished"
        # A job long enough for a slow heartbeat to let the liveness key expire (3 s) and the reaper fail it.
        slept = ended(client, start(client, entity_id, "sleepy", seconds=8))
        assert slept["status"] == "finished", slept
        assert ended(client, start(client, entity_id, "quick"))["status"] == "finished"
        reads: list[dict] = []

        def listed() -> bool:  # a read answers the listing made for it, or says it is in progress
            reads.append(client.get("/api/workers/worker-1/disk").json())
            return not reads[-1]["in_progress"]

        wait_until(listed, WAIT, "a disk listing made for the read")
        disk = reads[-1]
        assert disk["file_count"] >= 80_000
        assert len(disk["files"]) <= 500 and disk["truncated"]
        sizes = [item["size"] for item in disk["files"]]
        assert sizes == sorted(sizes, reverse=True)  # the largest files first
        (row,) = client.get("/api/dashboard").json()["workers"]
        assert row["alive"] and row["disk_files"] >= 80_000


def test_a_stop_answers_what_happened_never_stopped_for_a_job_that_ran_on(isolation):
    running, client, entity_id = isolation
    answers: Counter[str] = Counter()
    for attempt in range(20):
        tag = f"s{attempt}"
        job_id = start(client, entity_id, "side_effect", tag=tag)
        answer = client.post(f"/api/jobs/{job_id}/stop").json()
        answers[answer["status"]] += 1

        def workers_idle() -> bool:
            state = client.get("/api/dashboard").json()
            return state["queue_length"] == 0 and all(w["current_job"] is None for w in state["workers"])

        wait_until(workers_idle, WAIT, "the workers to be idle again")
        ran = any((running.data_dir / "workers").glob(f"*/app/ran-{tag}"))
        final = ended(client, job_id)
        assert final["status"] == answer["status"], (answer, final)
        if answer["status"] == "stopped":
            assert not ran, f"attempt {attempt}: the stop answered 'stopped' but the job ran to its end"
        else:
            assert answer["status"] == "finished" and ran, answer
    print("stop answers:", dict(answers))
    assert answers["stopped"] > 0
