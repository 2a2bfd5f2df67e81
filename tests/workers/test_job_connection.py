"""A job's work horse opens its Redis connections without announcing itself (no CLIENT commands).

redis-py resets a pool after a fork, so every job opens new connections; redis-py's default
handshake cost a package-metadata lookup and failing CLIENT SETINFO / MAINT_NOTIFICATIONS commands
in each (viktorlite/store/connection.py). The test talks to Redis through quiet connections only, so
any CLIENT call the server counts comes from the worker.
"""

from __future__ import annotations

from viktorlite.jobs.queue import JobRequest, enqueue, wait_for_end
from viktorlite.store.connection import connect


def test_jobs_send_no_client_command(start_app):
    running = start_app("calculator")
    quiet = connect(running.redis_url)

    def run() -> None:
        request = JobRequest(app=running.name, entity_id=None, entity_type="Calculator", method="constant")
        described = wait_for_end(quiet, running.name, enqueue(quiet, request), timeout=120)
        assert described is not None and described["status"] == "finished", described

    def client_calls() -> int:
        return int(quiet.info("commandstats").get("cmdstat_client", {}).get("calls", 0))

    run()
    before = client_calls()
    for _ in range(2):  # each job a fresh fork of the worker, with new connections
        run()
    assert client_calls() == before
