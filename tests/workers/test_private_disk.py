"""Each worker has a disk of its own: local files reach later jobs only on the same worker."""

from __future__ import annotations

from pathlib import Path

from probe import answer, new_entity, run_job, wait_for_workers

JOBS = 30


def test_local_files_are_seen_only_by_jobs_on_the_same_worker(start_app):
    running = start_app("state", workers=3, production=True)
    wait_for_workers(running.redis_url, 3)
    with running.client() as client:
        entity = new_entity(client, "A")
        jobs = [run_job(client, entity, "journal", {"token": f"t{index}"}) for index in range(JOBS)]

    workers = [job["worker"] for job in jobs]
    assert set(workers) == {"worker-1", "worker-2", "worker-3"}
    for index, job in enumerate(jobs):
        result = answer(job)
        earlier_on_this_worker = [f"t{i}" for i in range(index) if workers[i] == workers[index]]
        assert result["seen"] == earlier_on_this_worker, f"job {index} on {workers[index]}"
        # files shipped with the app are found through Path(__file__) on every worker
        assert result["shipped"] == "shipped with the app"
        # the working directory is the worker's private copy of the app folder
        assert Path(result["cwd"]) == running.data_dir / "workers" / workers[index] / "app"
    assert not (running.directory / "journal.txt").exists()
