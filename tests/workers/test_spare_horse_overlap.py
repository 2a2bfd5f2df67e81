"""The next job's spare horse is forked while a job runs (issue 18 throughput), apart from that job.

The worker forks the spare beside the running horse, in a job cgroup of its own (the twin tree), so
the fork overlaps the job instead of following it. Ending the running job's tree (its time limit
here: a stop) must not touch the spare, which then runs the next job; isolation stays one fresh process per
job. Both ways of finding a job's processes are run: the job cgroup and the /proc sweep.
"""

from __future__ import annotations

from pathlib import Path

from rq import Worker

from support import HANG, wait_until
from viktorlite.jobs.queue import queue_for
from viktorlite.workers.job_tree import process_table


def _children(pid: int) -> set[int]:
    return {row.pid for row in process_table().values() if row.ppid == pid and row.state != "Z"}


def _start(client, entity_id: int, method: str, **params) -> str:
    response = client.post(f"/api/entities/{entity_id}/jobs", json={"method": method, "params": params})
    assert response.status_code == 202, response.text
    return str(response.json()["job_id"])


def _ended(client, job_id: str) -> dict:
    described = client.get(f"/api/jobs/{job_id}", params={"wait": HANG}).json()
    assert described["status"] in ("finished", "failed", "stopped"), described
    return described


def test_the_spare_is_forked_while_a_job_runs_and_outlives_the_end_of_its_tree(isolation):
    running, client, entity_id = isolation
    worker = running.pool.workers[0].pid
    assert worker is not None
    job_id = _start(client, entity_id, "sleepy", tag="long", seconds=1000)
    wait_until(lambda: _written(running, "started-long"), HANG, "the job to write its pid")
    horse = int(_written(running, "started-long"))
    # While the job runs, its horse has a sibling: the next job's spare, forked meanwhile.
    wait_until(lambda: len(_children(worker) - {horse}) == 1, HANG, "a spare beside the running horse")
    (spare,) = _children(worker) - {horse}
    assert client.post(f"/api/jobs/{job_id}/stop").json()["status"] == "stopped"
    assert _ended(client, job_id)["status"] == "stopped"
    # The job's whole tree was killed at the stop; the spare was not part of it.
    assert spare in _children(worker)
    quick = _ended(client, _start(client, entity_id, "quick"))
    assert quick["status"] == "finished", quick
    assert int(quick["result"]["data"][0]["value"]) == spare  # the next job ran in that spare


def _files(running, name: str) -> list[Path]:
    return list((running.data_dir / "workers").glob(f"*/app/{name}"))


def _written(running, name: str) -> str:
    """What the job wrote to ``name``; empty until it did (the file is made, then written)."""
    return "".join(path.read_text() for path in _files(running, name))


def test_jobs_posted_at_once_run_back_to_back_each_in_a_fresh_process(start_app):
    running = start_app("isolation", workers=1)
    worker = running.pool.workers[0].pid
    with running.client() as client:
        entities = [
            client.post("/api/entities", json={"entity_type": "Isolation", "name": f"E{index}"}).json()["id"]
            for index in range(8)
        ]
        ids = [_start(client, entity_id, "quick") for entity_id in entities]  # all queued before any ends
        outcomes = [_ended(client, job_id) for job_id in ids]
    assert [outcome["status"] for outcome in outcomes] == ["finished"] * 8, outcomes
    pids = [int(outcome["result"]["data"][0]["value"]) for outcome in outcomes]
    assert len(set(pids)) == 8 and worker not in pids
    # Each spare reported its own job's execution only: RQ shows the idle worker with no current job
    # (a spare forked during a job once kept that job's execution too, and reported it instead).
    connection = running.pool_redis()
    (rq_worker,) = Worker.all(queue=queue_for(connection, running.name))

    def idle_after_eight() -> bool:
        rq_worker.refresh()
        return rq_worker.successful_job_count == 8 and rq_worker.get_current_job_id() is None

    wait_until(idle_after_eight, HANG, "RQ to show the worker with its 8 jobs done and none running")
    connection.close()
