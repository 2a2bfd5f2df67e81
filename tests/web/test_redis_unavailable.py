"""While Redis is away the web answers 503 with a clear reason, and ``/healthz`` names what fails.

A real ``viktorlite web`` process on its own embedded Redis, which the test kills with SIGKILL and
starts again (same port, password and data dir, as ``serve`` does) (issue 16, items 8 and 9).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
import redis

from support import APPS, HANG, copy_app, start_web, wait_until
from viktorlite.app.config import app_name
from viktorlite.app.loader import load_app
from viktorlite.app.manifest_builder import build_manifest
from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.store.manifest import publish_manifest


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[str, EmbeddedRedis]]:
    """The web process of a published app, and its Redis (no worker: no job needs to run)."""
    server = EmbeddedRedis(tmp_path / "redis")
    url = server.start()
    directory = copy_app(APPS / "redis_faults", tmp_path)
    publish_manifest(redis.Redis.from_url(url), build_manifest(load_app(directory, name=app_name(directory))))
    process, base = start_web(directory, url)
    try:
        yield base, server
    finally:
        process.stop()
        server.stop()


def kill_redis(server: EmbeddedRedis) -> None:
    assert server.process is not None and server.process.pid is not None
    os.kill(server.process.pid, signal.SIGKILL)
    wait_until(lambda: not server.alive(), HANG, "redis-server to die")


def get(url: str, **kwargs: object) -> httpx2.Response:
    return httpx2.get(url, timeout=30, **kwargs)  # type: ignore[arg-type]


def test_healthz_is_ok_with_each_loop_and_redis(web):
    base, _ = web
    wait_until(lambda: get(base + "/healthz").status_code == 200, HANG, "a healthy web process")
    body = get(base + "/healthz").json()
    assert body["status"] == "ok"
    assert body["redis"] == {"reachable": True, "error": None}
    assert set(body["loops"]) == {"event_streams", "summaries", "initial_entities", "job_reaper", "session_sweeper"}


def test_api_and_pages_answer_503_while_redis_is_away_and_work_again_after(web):
    base, server = web
    entity = httpx2.post(base + "/api/entities", json={"entity_type": "Sample", "name": "Kept"}).json()
    kill_redis(server)

    listed = get(base + "/api/entities")
    assert listed.status_code == 503, listed.text
    assert listed.json()["error"].startswith("Redis is unavailable: ")
    assert "retrying" in listed.json()["error"]
    assert listed.headers["retry-after"]

    page = get(base + "/", headers={"Accept": "text/html"})
    assert page.status_code == 503, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert "Temporarily unavailable" in page.text

    # /healthz names Redis and, once they noticed, the loops that cannot do their work.
    def reports_failing_loops() -> bool:
        answer = get(base + "/healthz")
        loops = answer.json()["loops"]
        return answer.status_code == 503 and loops["job_reaper"]["state"] == "failing"

    wait_until(reports_failing_loops, HANG, "/healthz to report the reaper failing")
    failing = get(base + "/healthz").json()
    assert failing["status"] == "failing"
    assert failing["redis"]["reachable"] is False
    assert "Redis is unreachable" in failing["error"]
    assert "background loop job_reaper is failing" in failing["error"]
    assert "Connection" in failing["loops"]["job_reaper"]["error"]

    server.restart()
    wait_until(lambda: get(base + "/healthz").status_code == 200, HANG, "/healthz to be ok again")
    assert all(loop["state"] in ("running", "done") for loop in get(base + "/healthz").json()["loops"].values())
    detail = get(base + f"/api/entities/{entity['id']}")
    assert detail.status_code == 200 and detail.json()["name"] == "Kept"
