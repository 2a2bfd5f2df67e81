"""How many Redis commands one no-op view job costs end to end (POST, the worker, the SSE end event).

Counted with MONITOR (benchmarks/job_commands.py): viktorlite's own commands, RQ's, and which ones.
Issue 18's target is at most 6 of viktorlite's own per view job (11 before its item 1, 6 after).

    .venv/bin/python benchmarks/bench_job_commands.py [--jobs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
from pathlib import Path

import redis
from job_commands import count
from polling import wait
from rq.job import Job
from rq.serializers import JSONSerializer
from starlette.testclient import TestClient

from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.store.manifest import read_manifest
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool

HERE = Path(__file__).resolve().parent
CALCULATOR = HERE.parent / "tests" / "apps" / "calculator"


def view_job(client: TestClient, connection: redis.Redis, entity_id: int) -> None:
    """POST a view job, read its event stream to the end event, wait until RQ has it finished."""
    body = {"method": "result", "params": {"numbers": {"a": 3, "b": 4}, "mode": "sum"}}  # as the editor sends it
    job_id = client.post(f"/api/entities/{entity_id}/jobs", json=body).json()["job_id"]
    with client.stream("GET", f"/api/jobs/{job_id}/events") as events:
        ended = False
        for line in events.iter_lines():
            if line.startswith("event: end"):
                ended = True
            elif ended and line.startswith("data:"):
                assert json.loads(line[5:])["status"] == "finished", line
                break
    job = Job(job_id, connection=connection, serializer=JSONSerializer)
    wait(lambda: job.get_status(refresh=True) == "finished", timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis")
        url = server.start()
        app_dir = Path(tmp) / "calculator"
        shutil.copytree(CALCULATOR, app_dir)
        pool = WorkerPool(app_dir, url, Path(tmp) / "data", 1)
        pool.start()
        connection = redis.Redis.from_url(url)
        try:
            wait(lambda: read_manifest(connection, "calculator") is not None)
            with TestClient(create_app(url, "calculator")) as client:
                entity = client.post("/api/entities", json={"entity_type": "Calculator", "name": "bench"}).json()
                for _ in range(2):
                    view_job(client, connection, entity["id"])  # warm-up: caches, first connections
                ours, theirs = [], []
                for _ in range(args.jobs):
                    seen = count(url, lambda: view_job(client, connection, entity["id"]))
                    ours.append(len(seen.ours()))
                    theirs.append(len(seen.rq()))
                if os.environ.get("BENCH_VERBOSE"):
                    for words in seen.ours():
                        print("  ", " ".join(w[:120] for w in words[:4]))
                print(f"viktorlite's commands per view job: {statistics.median(ours):.0f} (runs: {ours})")
                print(f"  by command and key: {dict(seen.summary())}")
                print(f"RQ's own commands per view job (not counted): {statistics.median(theirs):.0f}")
        finally:
            pool.stop()
            server.stop()


if __name__ == "__main__":
    main()
