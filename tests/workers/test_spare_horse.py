"""The spare work horse (issue 18 item 2): the fork is made after a job, not when the next one comes.

Isolation stays one fresh process per job: the spare is forked from the worker between jobs, runs
exactly one job and is gone; the next job gets a new spare.
"""

from __future__ import annotations

import pytest
from probe import answer, new_entity, run_job, wait_for_workers

from support import HANG, wait_until
from viktorlite.workers.horse_watch import SPARE_HORSE_ENV
from viktorlite.workers.job_tree import process_table


def _children(pid: int) -> set[int]:
    return {row.pid for row in process_table().values() if row.ppid == pid and row.state != "Z"}


def test_each_job_runs_in_the_spare_forked_before_it_and_no_state_leaks(start_app):
    running = start_app("state")
    wait_for_workers(running.redis_url, 1)
    worker_pid = running.pool.workers[0].pid
    assert worker_pid is not None
    with running.client() as client:
        entity = new_entity(client, "A")
        last = answer(run_job(client, entity, "touch_global", {"token": "first"}))["pid"]  # then a spare waits
        pids = []
        for index in range(3):
            # The job's horse may still be finishing RQ's bookkeeping when its result is in.
            spares: set[int] = set()

            def one_spare_waits(previous: int = last, spares: set[int] = spares) -> bool:
                spares.clear()
                spares.update(_children(worker_pid) - {previous})
                return len(spares) == 1 and previous not in _children(worker_pid)

            wait_until(one_spare_waits, HANG, "one spare horse waiting beside the worker")
            (spare,) = spares
            got = answer(run_job(client, entity, "touch_global", {"token": f"job-{index}"}))
            assert got["pid"] == spare  # the job ran in the process forked before it came
            assert got["before"] == {"changed_by": None}  # the job before it left nothing behind
            pids.append(got["pid"])
            last = got["pid"]
    assert len(set(pids)) == len(pids) and worker_pid not in pids


@pytest.mark.parametrize("spare", ["0"])
def test_without_spares_the_horse_is_forked_when_the_job_comes(start_app, monkeypatch, spare):
    monkeypatch.setenv(SPARE_HORSE_ENV, spare)  # the workers inherit it
    running = start_app("state")
    wait_for_workers(running.redis_url, 1)
    worker_pid = running.pool.workers[0].pid
    assert worker_pid is not None
    with running.client() as client:
        entity = new_entity(client, "A")
        first = answer(run_job(client, entity, "touch_global", {"token": "a"}))
        second = answer(run_job(client, entity, "touch_global", {"token": "b"}))
    assert first["pid"] != second["pid"] and second["before"] == {"changed_by": None}
    # The second horse may still be finishing RQ's bookkeeping when its result is in; no spare follows it.
    wait_until(lambda: second["pid"] not in _children(worker_pid), HANG, "the second horse gone")
    assert first["pid"] not in _children(worker_pid) and second["pid"] not in _children(worker_pid)
