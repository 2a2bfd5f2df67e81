"""Views and messages, measured: glTF conversion, result serialisation and live progress latency.

1. ``viktor.geometry`` -> GLB: time and size for growing numbers of beams (in-process).
2. Every view of the showcase sample app, end to end (HTTP API -> worker -> outcome), median ms.
3. Progress: a view sends 100 ``progress_message`` updates over a few seconds; how many reach an
   SSE client before the job ends, and how late (publish -> browser-side receipt).

    .venv/bin/python benchmarks/bench_results.py [--seconds 3] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

import redis
from polling import wait
from starlette.testclient import TestClient

from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.sdk import geometry as g
from viktorlite.sdk._result_io import MemoryBlobSink
from viktorlite.sdk.views import GeometryResult, serialize_result
from viktorlite.store.manifest import read_manifest
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool

ROOT = Path(__file__).resolve().parent.parent
SHOWCASE = ROOT / "sample_apps" / "showcase"
VIEWS = ["data", "plot", "image", "pdf", "web", "table", "geometry", "map", "geojson"]


def bench_gltf() -> None:
    print("glTF conversion (RectangularExtrusion beams, one GLB; after a warm-up import):")
    serialize_result(GeometryResult([g.SquareBeam(1, 1, 1)]), MemoryBlobSink())
    for count in (10, 100, 1000):
        beams = [
            g.RectangularExtrusion(0.3, 0.5, g.Line(g.Point(0, i, 0), g.Point(6, i, 0)), identifier=f"b{i}")
            for i in range(count)
        ]
        sink = MemoryBlobSink()
        start = time.perf_counter()
        payload = serialize_result(GeometryResult(beams), sink)
        elapsed = time.perf_counter() - start
        print(f"  {count:5d} beams: {elapsed * 1000:8.1f} ms, {payload['model']['size'] / 1024:8.1f} KiB")


def run(client: TestClient, entity_id: int, method: str, params: dict | None = None) -> dict:
    body = {"method": method} if params is None else {"method": method, "params": params}
    job_id = client.post(f"/api/entities/{entity_id}/jobs", json=body).json()["job_id"]
    return client.get(f"/api/jobs/{job_id}", params={"wait": 60}).json()


def bench_views(client: TestClient, entity_id: int, rounds: int) -> None:
    print(f"views end to end (median of {rounds}, one worker):")
    for method in VIEWS:
        samples = []
        for _ in range(rounds):
            start = time.perf_counter()
            job = run(client, entity_id, method)
            samples.append(time.perf_counter() - start)
            assert job["status"] == "finished", job
        print(f"  {method:10s} {statistics.median(samples) * 1000:7.1f} ms")


def bench_progress(client: TestClient, url: str, app: str, entity_id: int, seconds: float) -> None:
    params = client.get(f"/api/entities/{entity_id}").json()["params"]
    params["actions"]["seconds"] = seconds
    job_id = client.post(f"/api/entities/{entity_id}/jobs", json={"method": "long_analysis", "params": params}).json()[
        "job_id"
    ]
    # Time each publish on the Redis side, and each arrival on the SSE side.
    published: dict[str, float] = {}
    listener = redis.Redis.from_url(url).pubsub(ignore_subscribe_messages=True)
    listener.subscribe(f"viktorlite:{app}:job:{job_id}:events")

    def listen() -> None:
        for message in listener.listen():
            data = json.loads(message["data"])
            if data.get("event") == "progress":
                published[data["message"]] = time.monotonic()
            if data.get("event") == "end":
                return

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    arrivals: dict[str, float] = {}
    ended = None
    with client.stream("GET", f"/api/jobs/{job_id}/events") as stream:
        event = None
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event == "progress":
                arrivals[json.loads(line[5:])["message"]] = time.monotonic()
            elif line.startswith("data:") and event == "end":
                ended = time.monotonic()
                break
    thread.join(timeout=5)
    listener.close()
    lags = [arrivals[m] - published[m] for m in arrivals if m in published]
    before_end = sum(1 for t in arrivals.values() if ended is None or t < ended)
    reached = f"{len(arrivals)} reached the SSE client, {before_end} before the job ended"
    print(f"progress: 100 updates over {seconds:g} s -> {reached}")
    if lags:
        print(
            f"  publish -> SSE receipt: median {statistics.median(lags) * 1000:.1f} ms, max {max(lags) * 1000:.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    bench_gltf()
    work = Path(tempfile.mkdtemp(prefix="bench-results-"))
    server = EmbeddedRedis(work / "redis")
    url = server.start()
    app_dir = work / "showcase"
    shutil.copytree(SHOWCASE, app_dir)
    pool = WorkerPool(app_dir, url, work / "data", 1)
    pool.start()
    try:
        connection = redis.Redis.from_url(url)
        wait(lambda: read_manifest(connection, "showcase") is not None)
        with TestClient(create_app(url, "showcase")) as client:
            entity_id = client.post("/api/entities", json={"entity_type": "Showcase", "name": "bench"}).json()["id"]
            bench_views(client, entity_id, args.rounds)
            bench_progress(client, url, "showcase", entity_id, args.seconds)
    finally:
        pool.stop()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
