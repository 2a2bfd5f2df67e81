"""The worker goes on to its next job once RQ recorded the last one's end, not once that horse has
exited (issue 18): the exit, the kernel freeing the horse's pages, overlaps the worker's wrap-up.
The horse is still reaped, and its tree ended, before the next job runs."""

from __future__ import annotations

import contextlib
import os
import signal

import redis
from probe import answer, new_entity, wait_for_workers

from support import HANG, wait_until
from viktorlite.jobs.queue import queue_for
from viktorlite.workers.job_tree import process_table


def _state(pid: int) -> str | None:
    row = process_table().get(pid)
    return row.state if row is not None else None


def test_the_next_job_is_taken_while_the_last_horse_has_not_exited_yet(start_app):
    running = start_app("state")
    wait_for_workers(running.redis_url, 1)
    queue = queue_for(redis.Redis.from_url(running.redis_url), running.name)
    with running.client() as client:
        entity = new_entity(client, "A")
        jobs = [
            client.post(f"/api/entities/{entity}/jobs", json=body).json()["job_id"]
            for body in ({"method": "stop_before_exit"}, {"method": "touch_global", "params": {"token": "next"}})
        ]
        first = client.get(f"/api/jobs/{jobs[0]}", params={"wait": HANG}).json()
        horse = answer(first)["pid"]
        try:
            # The first horse stopped itself just before its exit; the worker took the next job all the same.
            wait_until(
                lambda: _state(horse) == "T" and jobs[1] not in queue.get_job_ids(),
                HANG,
                "the next job taken off the queue while the last horse is stopped before its exit",
            )
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(horse, signal.SIGCONT)
        second = answer(client.get(f"/api/jobs/{jobs[1]}", params={"wait": HANG}).json())
    assert second["pid"] != horse and second["before"] == {"changed_by": None}
    assert _state(horse) is None  # reaped before the next job ran
