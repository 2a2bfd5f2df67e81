"""One view refresh, end to end, against a plain RQ no-op job on the same Redis, in one run.

Both sides use a forking RQ worker and JSON jobs; the ratio is what viktorlite adds on top of RQ:
the HTTP API, the entity read, params building, the app method and the result round trip.

    .venv/bin/python benchmarks/bench_job_roundtrip.py [--jobs 200]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
from polling import wait
from rq import Queue
from rq.serializers import JSONSerializer
from starlette.testclient import TestClient

from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.store.manifest import read_manifest
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool

HERE = Path(__file__).resolve().parent
CALCULATOR = HERE.parent / "tests" / "apps" / "calculator"


def time_plain_rq(url: str, jobs: int) -> list[float]:
    connection = redis.Redis.from_url(url)
    queue = Queue("bench-noop", connection=connection, serializer=JSONSerializer)
    worker = subprocess.Popen(
        [sys.executable, "-m", "rq.cli", "worker", "bench-noop", "--url", url, "--serializer", "json", "-q"],
        cwd=HERE,
        env={"PYTHONPATH": str(HERE), "PATH": "/usr/bin:/bin"},
    )
    try:
        samples = []
        for _ in range(jobs):
            start = time.perf_counter()
            job = queue.enqueue("noop_job.noop")
            result = job.latest_result(timeout=30)  # blocks on RQ's result stream, no polling
            assert result is not None and result.type == result.Type.SUCCESSFUL
            samples.append(time.perf_counter() - start)
        return samples
    finally:
        worker.terminate()
        worker.wait()


def time_viktorlite(url: str, jobs: int, workdir: Path) -> list[float]:
    app_dir = workdir / "calculator"
    shutil.copytree(CALCULATOR, app_dir)
    pool = WorkerPool(app_dir, url, workdir / "data", 1)
    pool.start()
    connection = redis.Redis.from_url(url)
    try:
        wait(lambda: read_manifest(connection, "calculator") is not None)
        with TestClient(create_app(url, "calculator")) as client:
            entity = client.post("/api/entities", json={"entity_type": "Calculator", "name": "bench"}).json()
            samples = []
            for i in range(jobs):
                start = time.perf_counter()
                body = {"method": "result", "params": {"numbers": {"a": i, "b": 2}, "mode": "sum"}}
                job_id = client.post(f"/api/entities/{entity['id']}/jobs", json=body).json()["job_id"]
                outcome = client.get(f"/api/jobs/{job_id}", params={"wait": 30}).json()
                assert outcome["status"] == "finished", outcome
                samples.append(time.perf_counter() - start)
            return samples
    finally:
        pool.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis")
        url = server.start()
        try:
            baseline = time_plain_rq(url, args.jobs)
            ours = time_viktorlite(url, args.jobs, Path(tmp))
        finally:
            server.stop()
    base_median, our_median = statistics.median(baseline), statistics.median(ours)
    print(f"jobs per side: {args.jobs}")
    print(f"plain RQ no-op job, enqueue -> finished: median {base_median * 1000:.1f} ms")
    print(f"viktorlite view job, POST -> result:     median {our_median * 1000:.1f} ms")
    print(f"ratio (viktorlite / plain RQ): {our_median / base_median:.2f}x")


if __name__ == "__main__":
    main()
