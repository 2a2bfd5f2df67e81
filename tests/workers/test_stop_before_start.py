"""A job whose stop was asked before its work horse ran it never runs: the horse's first look (one
command with its supersede check, issue 18) ends it as stopped, and the entity's job log says so."""

from __future__ import annotations

from typing import Any

from viktorlite.jobs.queue import JobRequest, enqueue
from viktorlite.store.keys import Keys

BEFORE_START = "The job was stopped before it started."


def _stopped_before_it_ran(start_app, redis_client, job_id: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Queue a job whose stop was asked already; its description when it ended, then its entity's job log."""
    running = start_app("calculator")
    with running.client() as client:
        entity_id = client.post("/api/entities", json={"entity_type": "Calculator", "name": "c"}).json()["id"]
        # As a stop finds it when a worker has taken it but not started it: only the stop key is set.
        redis_client.set(Keys(running.name).job_stop(job_id), 1, ex=3600)
        request = JobRequest(
            app=running.name, entity_id=entity_id, entity_type="Calculator", method="crash", params=params
        )
        enqueue(redis_client, request, job_id=job_id)  # crash would fail the job had it run
        job = client.get(f"/api/jobs/{job_id}", params={"wait": 60}).json()
        return [job, *client.get(f"/api/entities/{entity_id}/jobs").json()["jobs"]]


def test_a_job_stopped_before_it_ran_ends_stopped_without_running(start_app, redis_client):
    job, *log = _stopped_before_it_ran(start_app, redis_client, "stopped-before-it-ran", {})
    assert (job["status"], job["error"]["message"]) == ("stopped", BEFORE_START), job
    assert [(entry["job_id"], entry["error"]) for entry in log] == [("stopped-before-it-ran", BEFORE_START)]


def test_a_stop_that_ends_the_horse_before_its_own_first_look_also_says_before_it_started(start_app, redis_client):
    # Params this big keep the horse decoding them for longer than the worker's first look for a stop
    # takes to come (a tick): the worker ends the horse, which never reached the job's method.
    big = {"rows": [{"a": index, "b": [index, index]} for index in range(100_000)]}
    job, *log = _stopped_before_it_ran(start_app, redis_client, "stopped-while-its-horse-starts", big)
    assert (job["status"], job["error"]["message"]) == ("stopped", BEFORE_START), job
    assert [(entry["job_id"], entry["error"]) for entry in log] == [("stopped-while-its-horse-starts", BEFORE_START)]
