"""One view refresh, end to end, against a plain RQ no-op job on the same Redis, in one run.

Both sides use a forking RQ worker and JSON jobs; the ratio is what viktorlite adds on top of RQ:
the HTTP API, the entity read, params building, the app method and the result round trip.

Both run at once; jobs alternate between them (benchmarks/_interleaved.py).

    .venv/bin/python benchmarks/bench_job_roundtrip.py [--jobs 200] [--quick]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from _interleaved import interleave, quick, report, state_baseline
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


@contextmanager
def plain_rq(url: str) -> Iterator[Callable[[], None]]:
    """A forking RQ worker on its own queue; yields one no-op job, enqueue -> finished."""
    connection = redis.Redis.from_url(url)
    queue = Queue("bench-noop", connection=connection, serializer=JSONSerializer)
    worker = subprocess.Popen(
        [sys.executable, "-m", "rq.cli", "worker", "bench-noop", "--url", url, "--serializer", "json", "-q"],
        cwd=HERE,
        env={"PYTHONPATH": str(HERE), "PATH": "/usr/bin:/bin"},
    )

    def run() -> None:
        result = queue.enqueue("noop_job.noop").latest_result(timeout=30)  # blocks on RQ's result stream
        assert result is not None and result.type == result.Type.SUCCESSFUL

    try:
        yield run
    finally:
        worker.terminate()
        worker.wait()


@contextmanager
def viktorlite(url: str, workdir: Path) -> Iterator[Callable[[], None]]:
    """One viktorlite worker serving the calculator app; yields one view job, POST -> result."""
    app_dir = workdir / "calculator"
    shutil.copytree(CALCULATOR, app_dir)
    pool = WorkerPool(app_dir, url, workdir / "data", 1)
    pool.start()
    connection = redis.Redis.from_url(url)
    try:
        wait(lambda: read_manifest(connection, "calculator") is not None)
        with TestClient(create_app(url, "calculator")) as client:
            entity = client.post("/api/entities", json={"entity_type": "Calculator", "name": "bench"}).json()
            counter = iter(range(10**9))

            def run() -> None:
                body = {"method": "result", "params": {"numbers": {"a": next(counter), "b": 2}, "mode": "sum"}}
                job_id = client.post(f"/api/entities/{entity['id']}/jobs", json=body).json()["job_id"]
                outcome = client.get(f"/api/jobs/{job_id}", params={"wait": 30}).json()
                assert outcome["status"] == "finished", outcome

            yield run
    finally:
        pool.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="30 jobs a side (make bench)")
    args = parser.parse_args()
    jobs = 30 if args.quick or quick() else args.jobs
    state_baseline("a plain RQ no-op job through a forking RQ worker on the same Redis, enqueue -> finished")
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis")
        url = server.start()
        try:
            with plain_rq(url) as theirs, viktorlite(url, Path(tmp)) as ours:
                result = interleave(theirs, ours, jobs, warmup=3)
        finally:
            server.stop()
    report("bench_job_roundtrip", "view job POST -> result (in-process web app)", result)


if __name__ == "__main__":
    main()
