"""Hostile input against a real ``viktorlite web`` process and a real worker.

Every route of the published API gets oversized and malformed bodies and answers 4xx with a
message; path tricks cannot reach outside their place; a crafted queue job cannot make a worker
call anything but viktorlite's entry point. After all of it the server still answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import httpx2
import pytest
import redis
from rq import Queue
from rq.job import Job
from rq.serializers import JSONSerializer

from support import SAMPLE_APPS, start_web, wait_until
from viktorlite.jobs.queue import RUN_JOB, JobRequest, enqueue, wait_for_end
from viktorlite.store.keys import Keys
from viktorlite.web.middleware.body_limits import UPLOAD_PATHS
from viktorlite.web.routes.openapi import build_openapi

BODY_LIMIT_MB = 0.25
UPLOAD_LIMIT_MB = 0.5
LIMITS = {"VIKTORLITE_MAX_BODY_MB": str(BODY_LIMIT_MB), "VIKTORLITE_MAX_UPLOAD_MB": str(UPLOAD_LIMIT_MB)}
MALFORMED = [
    b"{",
    b"null",
    b"[]",
    b'"text"',
    b"1e999",
    b"\xff\xfe\x00garbage",
    b'{"params": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    b'{"params": {"a": ' + b'{"b": ' * 3000 + b"1" + b"}" * 3000 + b"}}",
    b'{"name": 12, "entity_type": [], "params": "x", "method": {}, "unknown": true}',
]


@pytest.fixture(scope="module")
def web_alone(publish_module_app) -> Iterator[tuple[object, str]]:
    """The web process alone (the app's manifest published, no worker), shared by the module's tests."""
    published = publish_module_app(SAMPLE_APPS / "inputs")
    web, url = start_web(published.directory, published.redis_url, env=LIMITS)
    try:
        yield published, url
    finally:
        web.stop()


@pytest.fixture
def served(web_alone) -> tuple[object, str, int]:
    """What these requests reach: the web process alone and an entity of the test's own."""
    published, url = web_alone
    return published, url, _target(url)


@pytest.fixture
def served_with_worker(start_app) -> Iterator[tuple[object, str, int]]:
    """The web process and a real worker, for the jobs a crafted request puts on the queue."""
    running = start_app(SAMPLE_APPS / "inputs")
    web, url = start_web(running.directory, running.redis_url, env=LIMITS)
    try:
        yield running, url, _target(url)
    finally:
        web.stop()


def _target(url: str) -> int:
    created = httpx2.post(url + "/api/entities", json={"entity_type": "Design", "name": "Target"})
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def _operations(entity_id: int) -> list[tuple[str, str, bool]]:
    """(method, concrete URL path, reads a body) for every operation in the published schema."""
    values = {"entity_id": str(entity_id), "revision": "1", "job_id": "no-such-job", "step": "site"}
    values |= {"blob_id": "0" * 32, "path": "beam.svg", "worker": "no-such-worker"}
    found = []
    for path, methods in build_openapi()["paths"].items():
        concrete = re.sub(r"{(\w+)}", lambda m: values[m.group(1)], path)
        if concrete == "/api/uploads":
            concrete += "?entity_type=Design&field=places.drawing"
        for method, operation in methods.items():
            found.append((method.upper(), concrete, "requestBody" in operation))
    # Routes outside the JSON API that change state.
    found += [("POST", "/login", False), ("POST", "/logout", False)]
    return found


def _assert_error(response: httpx2.Response, status: int | tuple[int, int], *words: str) -> str:
    low, high = (status, status) if isinstance(status, int) else status
    assert low <= response.status_code <= high, (response.request.url, response.status_code, response.text[:300])
    message = response.json()["error"]
    assert isinstance(message, str) and message
    for word in words:
        assert word in message, (message, word)
    return message


def test_oversized_bodies_get_413_on_every_route(served):
    _, url, entity_id = served
    too_big = b"x" * int(BODY_LIMIT_MB * 1024 * 1024 + 1)
    operations = _operations(entity_id)
    assert len(operations) >= 15
    with httpx2.Client(base_url=url, timeout=30) as client:
        for method, path, reads_body in operations:
            declared = client.request(method, path, content=too_big, headers={"Content-Type": "application/json"})
            limit = "VIKTORLITE_MAX_BODY_MB"
            if path.split("?")[0] in UPLOAD_PATHS:
                continue  # the upload limit is larger; tested below
            _assert_error(declared, 413, "larger than", limit)
            if reads_body:  # streamed without a length: cut off once the limit is passed
                chunks = (too_big[i : i + 65536] for i in range(0, len(too_big), 65536))
                streamed = client.request(method, path, content=chunks, headers={"Content-Type": "application/json"})
                _assert_error(streamed, 413, "larger than", limit)
        photos = {"file": ("big.png", b"\x89PNG" + b"0" * int(UPLOAD_LIMIT_MB * 1024 * 1024), "image/png")}
        upload = client.post("/api/uploads?entity_type=Design&field=places.photos", files=photos)
        _assert_error(upload, 413, "VIKTORLITE_MAX_UPLOAD_MB")
        assert client.get("/api/app").status_code == 200


def test_malformed_bodies_get_4xx_naming_the_problem_on_every_route(served):
    _, url, entity_id = served
    with httpx2.Client(base_url=url, timeout=30) as client:
        for method, path, reads_body in _operations(entity_id):
            if not reads_body:
                continue
            for body in MALFORMED:
                response = client.request(method, path, content=body, headers={"Content-Type": "application/json"})
                _assert_error(response, (400, 422))
        wrong = client.put(f"/api/entities/{entity_id}/params", json={"params": {"basics": {"numbers": "many"}}})
        problems = wrong.json()["problems"]
        assert wrong.status_code == 422 and problems and all(p["field"] and p["message"] for p in problems)
        unknown = client.post("/api/entities", json={"entity_type": "Design", "name": "x", "colour": "red"})
        assert _assert_error(unknown, 422, "colour")
        assert client.get("/api/app").status_code == 200
        assert client.get(f"/api/entities/{entity_id}").status_code == 200


def test_ids_paths_and_file_names_stay_in_their_place(served):
    _, url, entity_id = served
    with httpx2.Client(base_url=url, timeout=30) as client:
        for path in [
            "/api/assets/..%2F..%2Fapp.py",
            "/api/assets/%2e%2e/app.py",
            "/api/assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
            "/api/blobs/..%2F..%2Fetc%2Fpasswd",
            "/api/blobs/" + "0" * 31 + ":chunks",
            "/api/entities/1%0d%0aX-Injected:%201",
            "/api/entities/-1",
            "/api/entities/99999999999999999999999999",
            "/api/jobs/%00%0d%0a",
            "/api/entities/1/revisions/..%2F1",
        ]:
            response = client.get(path)
            assert response.status_code == 404, (path, response.status_code, response.text[:200])
            assert "x-injected" not in response.headers
        assert client.get("/api/assets/beam.svg").status_code == 200  # the real asset is still there

        hostile_name = '..\\..\\evil"; filename=x.exe\r\nX-Injected: 1 naïve.txt'
        upload = client.post(
            "/api/uploads?entity_type=Design&field=places.drawing",
            files={"file": (hostile_name, b"1,2\n", "text/plain")},
        )
        assert upload.status_code == 201, upload.text
        stored = upload.json()["filename"]
        assert "/" not in stored and "\\" not in stored and "\r" not in stored and "\n" not in stored
        download = client.get(f"/api/blobs/{upload.json()['file_id']}?download=1")
        assert download.status_code == 200 and "x-injected" not in download.headers
        disposition = download.headers["content-disposition"]
        assert re.fullmatch(
            r"attachment; filename=\"[ -!#-\[\]-~]+\"; filename\*=UTF-8''[A-Za-z0-9%!#$&+.^_`|~-]+", disposition
        )
        assert download.headers["content-security-policy"].endswith("sandbox")
        assert download.headers["x-content-type-options"] == "nosniff"


def test_a_crafted_queue_job_cannot_call_anything_but_run_job(served_with_worker, tmp_path):
    running, url, entity_id = served_with_worker
    connection = redis.Redis.from_url(running.redis_url)
    marker = tmp_path / "pwned"
    queue = Queue(Keys(running.name).queue, connection=connection, serializer=JSONSerializer)
    crafted = queue.enqueue_call("os.system", args=(f"touch {marker}",))
    callback = queue.enqueue_call(RUN_JOB, args=({"app": running.name, "entity_type": "Design", "method": "x"},))
    connection.hset(callback.key, "failure_callback_name", "os.abort")
    for job in (crafted, callback):
        wait_until(
            lambda job=job: Job.fetch(job.id, connection=connection).get_status() in ("failed", "finished"),
            120,
            f"job {job.id} to end",
        )
    assert Job.fetch(crafted.id, connection=connection).get_status() == "failed"
    assert not marker.exists()

    # A run_job request that names no method of the manifest is refused by the worker too.
    for method, trigger in [("__init__", "view"), ("_private", "button"), ("__class__", "step"), ("mro", "callback")]:
        request = JobRequest(
            app=running.name, entity_id=entity_id, entity_type="Design", method=method, trigger=trigger
        )
        job_id = enqueue(connection, request)
        outcome = wait_for_end(connection, running.name, job_id, 120)
        assert outcome is not None and outcome["status"] in ("failed", "finished"), outcome
        if trigger != "callback":  # the callback runner takes no method name at all
            assert outcome["error"]["kind"] == "system", outcome

    # The worker is still there and still runs the app's real methods.
    started = httpx2.post(f"{url}/api/entities/{entity_id}/jobs", json={"method": "summary"})
    finished = httpx2.get(f"{url}/api/jobs/{started.json()['job_id']}?wait=60", timeout=120).json()
    assert finished["status"] == "finished", json.dumps(finished)[:500]
    connection.close()


def test_the_server_answers_after_a_burst_of_garbage(served):
    _, url, entity_id = served
    with httpx2.Client(base_url=url, timeout=30) as client:
        for n in range(200):
            garbage = bytes([n % 256]) * (n * 37)
            response = client.post("/api/entities", content=garbage, headers={"Content-Type": "text/plain"})
            _assert_error(response, (400, 422))
        assert client.get("/api/app").status_code == 200
        assert client.get(f"/api/entities/{entity_id}").json()["name"] == "Target"
