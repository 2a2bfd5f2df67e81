"""Locust's simulated editor for benchmarks/bench_load.py: what a person in the editor does, in a loop.

One flow: create an entity, save its params, ask for a view (POST a job) and follow the job's
event stream (SSE) to its end event. Each step is a Locust request of its own; the whole flow is
reported as one more, type ``FLOW`` name ``editor``, whose rate and percentiles are the table's.
No wait between flows: the editors keep the web tier and the workers as busy as they can.

``Browser`` (``bench_load.py --flow browse``) is the web tier alone: a person looking through the
entities (a page of the list sorted by name, one entity, the app's manifest), no job. Its flows cost
the web process several times what they cost Locust, so it shows what more web processes add.
"""

from __future__ import annotations

import random
import time

from locust import HttpUser, constant, events, task

PARAMS = {"numbers": {"a": 3, "b": 4}, "mode": "product"}


class Flows(HttpUser):
    """A user whose ``one_flow`` is timed as a whole and reported as the ``FLOW`` the table reads."""

    abstract = True
    wait_time = constant(0)

    @task
    def flow(self) -> None:
        start = time.perf_counter()
        error: Exception | None = None
        try:
            self.one_flow()
        except Exception as exc:  # noqa: BLE001 - counted as a failed flow, reported by Locust
            error = exc
        events.request.fire(
            request_type="FLOW",
            name="editor",
            response_time=(time.perf_counter() - start) * 1000,
            response_length=0,
            exception=error,
            context={},
        )

    def one_flow(self) -> None:
        raise NotImplementedError


class Editor(Flows):
    def one_flow(self) -> None:
        created = self.client.post("/api/entities", json={"entity_type": "Calculator", "name": "load"}, name="create")
        created.raise_for_status()
        entity_id = created.json()["id"]
        saved = self.client.put(f"/api/entities/{entity_id}/params", json={"params": PARAMS}, name="save params")
        saved.raise_for_status()
        posted = self.client.post(f"/api/entities/{entity_id}/jobs", json={"method": "result"}, name="view job")
        posted.raise_for_status()
        job_id = posted.json()["job_id"]
        with self.client.get(f"/api/jobs/{job_id}/events", name="events", stream=True, catch_response=True) as stream:
            stream.raise_for_status()
            for line in stream.iter_lines():
                if line.startswith(b"event: end"):
                    stream.success()
                    return
            stream.failure("no end event")
        raise RuntimeError(f"the event stream of job {job_id} closed before its end event")


class Browser(Flows):
    def one_flow(self) -> None:
        offset = random.randrange(0, 500, 50)
        page = self.client.get(f"/api/entities?limit=50&offset={offset}&sort=name", name="entity page")
        page.raise_for_status()
        listed = page.json()["items"] or [{"id": 1}]
        self.client.get(f"/api/entities/{random.choice(listed)['id']}", name="entity").raise_for_status()
        self.client.get("/api/app", name="app").raise_for_status()
