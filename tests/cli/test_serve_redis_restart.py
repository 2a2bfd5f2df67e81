"""``serve`` starts its embedded Redis again after a ``kill -9``, with its data (issue 16, item 9).

Before, the supervisor stopped everything 2.5 s after its Redis died. Now the same redis-server
(port, password file, data dir) comes back, loads its append-only file, and the web process
and the workers carry on with what was saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from redis_crash import crash_redis, wait_for_restarted_redis

from support import APPS, HANG, Served, copy_app, wait_until


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with Served(copy_app(APPS / "redis_faults", tmp_path)) as server:
        yield server


def run_job(url: str, entity_id: int) -> dict:
    started = httpx2.post(url + f"/api/entities/{entity_id}/jobs", json={"method": "quick"}, timeout=30)
    assert started.status_code == 202, started.text
    job_id = started.json()["job_id"]
    return httpx2.get(url + f"/api/jobs/{job_id}", params={"wait": 60}, timeout=120).json()


def test_a_killed_embedded_redis_is_restarted_with_its_data_and_jobs_run_again(served: Served):
    url = served.url
    entity = httpx2.post(url + "/api/entities", json={"entity_type": "Sample", "name": "Kept"}).json()
    saved = httpx2.put(url + f"/api/entities/{entity['id']}/params", json={"params": {"value": 5, "seconds": 1}})
    assert saved.json() == {"revision": 2}
    assert run_job(url, entity["id"])["status"] == "finished"
    redis_url = served.redis_url()

    old = crash_redis(served)
    new = wait_for_restarted_redis(served, old)
    assert new != old
    assert served.redis_url() == redis_url  # same port and password: every client reconnects as it was

    def serves() -> bool:
        healthy = httpx2.get(url + "/healthz", timeout=30).status_code == 200  # its loops have Redis back
        return healthy and httpx2.get(url + f"/api/entities/{entity['id']}", timeout=30).status_code == 200

    wait_until(serves, HANG, "the web process to serve again")
    detail = httpx2.get(url + f"/api/entities/{entity['id']}", timeout=30).json()
    assert (detail["name"], detail["revision"], detail["params"]["value"]) == ("Kept", 2, 5)
    assert run_job(url, entity["id"])["status"] == "finished"  # a worker serves jobs again
    assert served.process.poll() is None
    assert "the embedded Redis is back" in served.text()


def test_serve_restarts_its_redis_again_after_a_second_crash(served: Served):
    first = wait_for_restarted_redis(served, crash_redis(served))
    second = wait_for_restarted_redis(served, crash_redis(served))  # soon after: with a backoff
    assert second != first
    # A crash while serve is still starting the first replacement makes that start fail and be tried
    # again, so the log may count one restart for two crashes: what matters is that it comes back.
    wait_until(lambda: "the embedded Redis is back after" in served.text(), HANG, "serve to log a restart")
    wait_until(
        lambda: httpx2.get(served.url + "/api/entities", timeout=30).status_code == 200, HANG, "the API to answer"
    )
    assert served.process.poll() is None
