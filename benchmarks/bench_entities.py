"""Entities end to end against a real ``viktorlite serve``: listing, change propagation, uploads.

- ``GET /api/entities`` with N entities (each with a summary), against a raw MGET of the same
  entity records (the floor: one round trip for the records, one for the summaries).
- A change reaching an open page: from sending ``PATCH /api/entities/{id}`` (rename) until the
  ``entity`` event arrives on ``GET /api/events``, against the bare PUBLISH -> SUBSCRIBE latency.
- Creating a file entity: from the start of ``POST /api/entities/upload`` until the upload job has
  created the entity, for a small CSV and for a 50 MB file (the method streams it, line by line).

    .venv/bin/python benchmarks/bench_entities.py [--entities 1000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2
import redis

from viktorlite.cli.embedded_redis import EmbeddedRedis, free_port
from viktorlite.jobs.queue import queue_for
from viktorlite.store.entities import EntityStore

APP = """
import viktor as vkt


class Parametrization(vkt.Parametrization):
    lines = vkt.IntegerField("Lines")


class Table(vkt.Controller):
    parametrization = Parametrization
    summary = vkt.Summary(lines=vkt.SummaryItem("Lines", float, "parametrization", "lines"))

    @vkt.ParamsFromFile(max_size=200_000_000, file_types=[".csv"])
    def process(self, file, **kwargs):
        with file.open_binary() as handle:
            return {"lines": sum(1 for _ in handle)}
"""


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:8.2f} ms"


def serve(app_dir: Path, redis_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-P", "-m", "viktorlite", "serve", str(app_dir), "--port", str(port)]
        + ["--redis-url", redis_url],
        stdout=subprocess.DEVNULL,  # a pipe nobody reads would fill up and stall the server
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx2.get(url + "/api/app").status_code == 200:
                return process, url
        except httpx2.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("viktorlite serve did not come up")


def drain(connection: redis.Redis, app: str) -> float:
    """Seconds until the app's queue is empty and no job runs (the summary jobs of new revisions)."""
    queue = queue_for(connection, app)
    start = time.perf_counter()
    while queue.count or queue.started_job_registry.count:
        time.sleep(0.05)
    return time.perf_counter() - start


def bench_listing(url: str, connection: redis.Redis, app: str, count: int) -> None:
    store = EntityStore(connection, app)
    start = time.perf_counter()
    for i in range(count):
        store.create("Table", f"Table {i}", {"lines": i})
    drain(connection, app)
    took = time.perf_counter() - start
    print(f"{count} entities created and their {count} summary jobs done (1 worker): {took:.1f} s")
    keys = [f"viktorlite:{app}:entity:{i}" for i in range(1, count + 1)]
    ours, raw = [], []
    with httpx2.Client() as client:
        for _ in range(30):
            start = time.perf_counter()
            listed = client.get(url + "/api/entities").json()
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            connection.mget(keys)
            connection.mget([k + ":summary" for k in keys])
            raw.append(time.perf_counter() - start)
    assert len(listed) >= count
    print(f"GET /api/entities, {count} entities with summaries: {median_ms(ours)}  (raw 2x MGET: {median_ms(raw)})")


def bench_events(url: str, connection: redis.Redis, app: str) -> None:
    entity_id = EntityStore(connection, app).create("Table", "Watched", {}).id
    arrived: list[float] = []
    ready = threading.Event()
    wanted = 50

    def listen() -> None:
        with httpx2.stream("GET", url + "/api/events", timeout=60) as response:
            name = None
            for line in response.iter_lines():
                if line.startswith("event:"):
                    name = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and name == "ready":
                    ready.set()
                elif line.startswith("data:") and name == "entity" and json.loads(line[5:])["change"] == "renamed":
                    arrived.append(time.perf_counter())
                    if len(arrived) == wanted:
                        return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    ready.wait(20)
    sent: list[float] = []
    with httpx2.Client() as client:
        for i in range(wanted):
            sent.append(time.perf_counter())
            client.patch(f"{url}/api/entities/{entity_id}", json={"name": f"Watched {i}"})
            time.sleep(0.02)
    listener.join(30)
    ours = [a - s for s, a in zip(sent, arrived, strict=True)]

    pubsub = connection.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe("bench:channel")
    raw = []
    for _ in range(wanted):
        start = time.perf_counter()
        connection.publish("bench:channel", "x")
        while pubsub.get_message(timeout=1) is None:
            pass
        raw.append(time.perf_counter() - start)
    pubsub.close()
    print(f"rename -> entity event on /api/events: {median_ms(ours)}  (raw PUBLISH -> SUBSCRIBE: {median_ms(raw)})")


def bench_upload(url: str, size_label: str, content: bytes, repeat: int) -> None:
    samples = []
    with httpx2.Client(timeout=300) as client:
        for _ in range(repeat):
            start = time.perf_counter()
            started = client.post(
                url + "/api/entities/upload",
                params={"entity_type": "Table"},
                files={"file": ("table.csv", content, "text/csv")},
            ).json()
            job = client.get(f"{url}/api/jobs/{started['job_id']}", params={"wait": 120}).json()
            samples.append(time.perf_counter() - start)
            assert job["status"] == "finished", job
    rate = len(content) / statistics.median(samples) / 1e6
    print(f"upload -> entity created, {size_label}: {median_ms(samples)}  ({rate:.0f} MB/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app_dir = Path(tmp) / "bench_entities"
        app_dir.mkdir()
        (app_dir / "app.py").write_text(APP)
        (app_dir / "viktor.config.toml").write_text('app_type = "simple"\n')
        server = EmbeddedRedis(Path(tmp) / "redis")
        redis_url = server.start()
        process, url = serve(app_dir, redis_url)
        try:
            connection = redis.Redis.from_url(redis_url)
            bench_listing(url, connection, app_dir.name, args.entities)
            bench_events(url, connection, app_dir.name)
            drain(connection, app_dir.name)
            bench_upload(url, "1 KB CSV", b"a,b\n" + b"1,2\n" * 250, 20)
            bench_upload(url, "50 MB CSV", b"a,b\n" + b"1234567,89\n" * 5_000_000, 3)
        finally:
            process.terminate()
            process.wait(30)
            server.stop()


if __name__ == "__main__":
    main()
