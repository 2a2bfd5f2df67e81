"""A read of a worker's disk answers with a listing made for it, or says the listing is in progress:
never an old listing, nor 0 files for a disk not listed yet."""

from __future__ import annotations

import uuid

from support import wait_until
from viktorlite.jobs.dashboard_data import fresh_disk_listing

WAIT = 120  # a hang guard, never a measure


def test_a_read_no_worker_answers_in_time_says_in_progress_not_zero_files(redis_client) -> None:
    app = f"nobody-{uuid.uuid4().hex[:8]}"
    disk = fresh_disk_listing(redis_client, app, "worker-1", wait=0)
    assert disk["in_progress"] is True
    assert disk["file_count"] is None and disk["total_bytes"] is None and disk["files"] == []


def test_a_read_after_a_job_sees_the_files_the_job_left_not_the_listing_before_it(start_app) -> None:
    running = start_app("isolation", workers=1)
    with running.client() as client:
        reads: list[dict] = []

        def listed() -> bool:
            response = client.get("/api/workers/worker-1/disk")  # 404 until the worker has said it is live
            reads.append(response.json())
            return response.status_code == 200 and not reads[-1].get("in_progress")

        wait_until(listed, WAIT, "a disk listing made for the read")
        before = reads[-1]  # a listing exists now, from before the job
        entity_id = client.post("/api/entities", json={"entity_type": "Isolation", "name": "I"}).json()["id"]
        response = client.post(
            f"/api/entities/{entity_id}/jobs", json={"method": "many_files", "params": {"count": 2000}}
        )
        job_id = response.json()["job_id"]
        described = client.get(f"/api/jobs/{job_id}", params={"wait": WAIT}).json()
        assert described["status"] == "finished", described

        wait_until(listed, WAIT, "a disk listing made for the read")
        assert reads[-1]["file_count"] >= before["file_count"] + 2000, (before, reads[-1])
