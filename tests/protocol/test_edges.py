"""The protocol is validated at the process edges: a worker that dequeues a malformed job request
ends it with an outcome naming what is wrong (and keeps serving), and the web process refuses to
serve a published manifest that is not one."""

from __future__ import annotations

import json

from rq import Queue
from rq.serializers import JSONSerializer

from viktorlite.jobs.queue import RUN_JOB, wait_for_end
from viktorlite.store.keys import Keys


def test_a_malformed_job_request_ends_with_an_error_naming_it_and_the_worker_keeps_serving(start_app):
    running = start_app("calculator")
    connection = running.pool_redis()
    queue = Queue(Keys(running.name).queue, connection=connection, serializer=JSONSerializer)
    malformed = {"app": running.name, "entity_type": "Calculator", "method": "result", "trigger": "soon", "colour": 1}
    job = queue.enqueue_call(RUN_JOB, args=(malformed,), meta={"app": running.name})
    ended = wait_for_end(connection, running.name, job.id, 120)
    assert ended is not None and ended["status"] == "failed", ended
    assert ended["error"]["kind"] == "system"
    message = ended["error"]["message"]
    assert message.startswith("malformed job request: "), message
    assert "trigger:" in message and "colour: Extra inputs are not permitted" in message
    with running.client() as client:
        entity = client.post("/api/entities", json={"entity_type": "Calculator", "name": "After"}).json()
        started = client.post(f"/api/entities/{entity['id']}/jobs", json={"method": "result"}).json()
        after = client.get(f"/api/jobs/{started['job_id']}", params={"wait": 60}).json()
    assert after["status"] == "finished", after
    assert all(worker.alive() for worker in running.pool.workers)


def test_the_web_process_refuses_a_published_manifest_that_is_not_one(start_app):
    running = start_app("calculator")
    connection = running.pool_redis()
    key = Keys(running.name).manifest
    manifest = json.loads(connection.get(key))
    with running.client() as client:
        assert client.get("/api/app").json() == manifest
        manifest["entity_types"][0]["views"][0]["type"] = 7
        connection.set(key, json.dumps(manifest))
        refused = client.get("/api/app")
        assert refused.status_code == 503, refused.text
        assert "cannot be read" in refused.json()["error"]
