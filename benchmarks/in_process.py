"""The web app in this process, served on an event loop of its own, called through httpx's ASGI transport.

Why not Starlette's ``TestClient``: it hands every request to its event loop through an anyio
portal, which on this 2-core machine costs 0.8-1.4 ms a request even for an endpoint that only
returns ``{}``, against 0.2-0.3 ms here (``harness_costs`` measures both in each run); a benchmark
of viktorlite's job path should not measure that. Here the app runs as a server would: its lifespan
(the event fan-out, the summaries) on a loop thread that keeps running between requests; a request
is one ``run_coroutine_threadsafe``.
"""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx2
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient


class InProcessClient:
    """Blocking ``get``/``post`` on an ASGI app whose lifespan runs on a loop thread (see the module)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, client: httpx2.AsyncClient) -> None:
        self._loop = loop
        self._client = client

    def request(self, method: str, url: str, **kwargs: Any) -> httpx2.Response:
        return asyncio.run_coroutine_threadsafe(self._client.request(method, url, **kwargs), self._loop).result()

    def get(self, url: str, **kwargs: Any) -> httpx2.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx2.Response:
        return self.request("POST", url, **kwargs)


def view_job(client: InProcessClient | TestClient, entity_id: int, body: dict[str, Any]) -> None:
    """One view job of ``entity_id``, POST -> its end, which must be ``finished``."""
    job_id = client.post(f"/api/entities/{entity_id}/jobs", json=body).json()["job_id"]
    outcome = client.get(f"/api/jobs/{job_id}", params={"wait": 60}).json()
    assert outcome["status"] == "finished", outcome


@contextmanager
def in_process(app: Starlette) -> Iterator[InProcessClient]:
    """``app`` started (its lifespan entered) on a loop thread, until the block ends."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="in-process-app", daemon=True)
    thread.start()
    started, stop = threading.Event(), asyncio.Event()

    async def serve() -> None:
        async with app.router.lifespan_context(app):
            started.set()
            await stop.wait()

    served = asyncio.run_coroutine_threadsafe(serve(), loop)
    started.wait(60)
    if served.done():
        served.result()  # the lifespan failed: say why
    client = httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://in-process", timeout=60)
    try:
        yield InProcessClient(loop, client)
    finally:
        asyncio.run_coroutine_threadsafe(client.aclose(), loop).result()
        loop.call_soon_threadsafe(stop.set)
        served.result(60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(60)
        loop.close()


def harness_costs(requests: int = 300) -> str:
    """One line: a request to an endpoint returning ``{}``, p50, through this client and through
    Starlette's TestClient, measured now, alternately."""

    async def empty(_: object) -> JSONResponse:
        return JSONResponse({})

    app = Starlette(routes=[Route("/", empty)])
    samples: dict[str, list[float]] = {"in_process": [], "test_client": []}
    with in_process(app) as ours, TestClient(app) as theirs:
        sides: dict[str, Callable[[str], object]] = {"in_process": ours.get, "test_client": theirs.get}
        for _ in range(requests):
            for name, get in sides.items():
                start = time.perf_counter()
                get("/")
                samples[name].append(time.perf_counter() - start)
    ours_us, theirs_us = (statistics.median(samples[name][requests // 10 :]) * 1e6 for name in sides)
    return f"harness: an empty endpoint, p50: this client {ours_us:.0f} us, Starlette's TestClient {theirs_us:.0f} us"
