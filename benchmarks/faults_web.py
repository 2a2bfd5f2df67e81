"""Fault rows of the web process (issue 16, items 11 and 13), for benchmarks/faults.py's table.

Each runs against a real ``viktorlite web`` process (its own thread pool, its own Redis pools), the
isolation app's real worker and the same Redis as the other rows.
"""

from __future__ import annotations

import resource
import socket
import sys
import time
from pathlib import Path

import anyio
import httpx2
import redis

from viktorlite.cli.embedded_redis import free_port
from viktorlite.processes import ManagedProcess

HANG = 120.0
ADDRESSES = [f"127.0.0.{10 + number}" for number in range(10)]
WAITS_EACH = 20  # web/job_waits.py DEFAULT_MAX_WAITS
STREAMS = 1000


def start_web(app_dir: Path, redis_url: str) -> tuple[ManagedProcess, str]:
    port = free_port()
    argv = [sys.executable, "-P", "-m", "viktorlite", "web", str(app_dir), "--redis-url", redis_url]
    argv += ["--port", str(port)]
    web = ManagedProcess("web", argv)
    web.start()
    deadline = time.monotonic() + HANG
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return web, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the web process did not listen")


async def _many_waits(url: str) -> str:
    async with httpx2.AsyncClient(base_url=url, timeout=HANG) as main:
        jobs = []
        for number in range(10):
            entity = (await main.post("/api/entities", json={"entity_type": "Isolation", "name": f"W{number}"})).json()
            body = {"method": "sleepy", "params": {"seconds": 300, "tag": f"wait{number}"}}
            jobs.append((await main.post(f"/api/entities/{entity['id']}/jobs", json=body)).json()["job_id"])
        answers: list[httpx2.Response] = []

        async def wait(client: httpx2.AsyncClient, job_id: str) -> None:
            answers.append(await client.get(f"/api/jobs/{job_id}", params={"wait": 60}))

        clients = [
            httpx2.AsyncClient(
                base_url=url,
                timeout=HANG,
                transport=httpx2.AsyncHTTPTransport(local_address=a, limits=httpx2.Limits(max_connections=None)),
            )
            for a in ADDRESSES
        ]
        async with anyio.create_task_group() as group:
            for client in clients:
                for number in range(WAITS_EACH + 1):
                    group.start_soon(wait, client, jobs[number % len(jobs)])
            with anyio.move_on_after(HANG):  # the 429s, or (without the cap) the first waits ending
                while len(answers) < len(ADDRESSES):
                    await anyio.sleep(0.05)
            refused = [r for r in answers if r.status_code == 429]
            started = time.monotonic()
            listed = await main.get("/api/entities")
            list_seconds = time.monotonic() - started
            pending = len(ADDRESSES) * (WAITS_EACH + 1) - len(answers)
            for job_id in jobs:  # end the jobs, and with them the waits
                await main.post(f"/api/jobs/{job_id}/stop")
        for client in clients:
            await client.aclose()
    retry = refused[0].headers.get("retry-after") if refused else None
    return (
        f"{len(refused)} of {len(ADDRESSES)} addresses refused their 21st (429, Retry-After {retry}); "
        f"list answered {listed.status_code} in {list_seconds:.2f} s with {pending} waits pending"
    )


def _clients(connection: redis.Redis) -> int:
    return len(connection.client_list())


async def _many_streams(url: str, connection: redis.Redis) -> str:
    ready = heard = 0
    before = await anyio.to_thread.run_sync(_clients, connection)

    async def follow(client: httpx2.AsyncClient) -> None:
        nonlocal ready, heard
        async with client.stream("GET", "/api/events") as response:
            async for line in response.aiter_lines():
                if line.startswith("event: ready"):
                    ready += 1
                elif '"Fanout fault"' in line:
                    heard += 1
                    return

    limits = httpx2.Limits(max_connections=None, max_keepalive_connections=None)
    client = httpx2.AsyncClient(base_url=url, timeout=HANG, limits=limits)
    async with client, anyio.create_task_group() as group:
        for _ in range(STREAMS):
            group.start_soon(follow, client)
        with anyio.move_on_after(HANG):
            while ready < STREAMS:
                await anyio.sleep(0.05)
        during = await anyio.to_thread.run_sync(_clients, connection)
        await client.post("/api/entities", json={"entity_type": "Isolation", "name": "Fanout fault"})
        with anyio.move_on_after(HANG):
            while heard < ready:
                await anyio.sleep(0.05)
        group.cancel_scope.cancel()
    return f"{ready} open, {heard} heard the event; Redis clients {before} before, {during} with all open"


def web_rows(app_dir: Path, redis_url: str) -> list[tuple[str, str, str]]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4 * STREAMS:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(4 * STREAMS, hard), hard))
    web, url = start_web(app_dir, redis_url)
    connection = redis.Redis.from_url(redis_url)
    rows = []
    try:
        for fault, expected, check in [
            (
                "11. 210 ?wait=60 from 10 addresses",
                "21st of each 429, other routes answer",
                lambda: anyio.run(_many_waits, url),
            ),
            (
                "13. 1,000 open /api/events streams",
                "all hear it, clients constant",
                lambda: anyio.run(_many_streams, url, connection),
            ),
        ]:
            try:
                observed = check()
            except Exception as exc:  # noqa: BLE001 - a fault that breaks the run is an observation too
                causes = exc.exceptions if isinstance(exc, ExceptionGroup) else [exc]
                names = sorted({type(cause).__name__ for cause in causes})
                observed = f"ERROR {len(causes)} x {', '.join(names)}"
            rows.append((fault, expected, observed))
            print(f"{fault}: {observed}", file=sys.stderr, flush=True)
    finally:
        connection.close()
        web.stop()
    return rows
