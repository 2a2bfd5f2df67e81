"""What job isolation costs a quick job: this checkout's workers against a baseline checkout's, in one run.

Two worker pools serve two copies of the calculator app on one Redis: one runs this checkout's
code, the other a baseline git ref (default ``aea13b2``, before the parent enforced limits) from a
temporary worktree. Jobs alternate between them, run by run, and the ratio of the medians is
printed. Also run with ``VIKTORLITE_JOB_CGROUPS=0`` to price the fallback.

    .venv/bin/python benchmarks/bench_isolation_overhead.py [--jobs 100] [--baseline-ref REF]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import redis
from polling import wait
from starlette.testclient import TestClient

from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.store.manifest import read_manifest
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CALCULATOR = REPO / "tests" / "apps" / "calculator"


def one_job(client: TestClient, entity_id: int, i: int) -> float:
    start = time.perf_counter()
    body = {"method": "result", "params": {"numbers": {"a": i, "b": 2}, "mode": "sum"}}
    job_id = client.post(f"/api/entities/{entity_id}/jobs", json=body).json()["job_id"]
    outcome = client.get(f"/api/jobs/{job_id}", params={"wait": 30}).json()
    assert outcome["status"] == "finished", outcome
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--baseline-ref", default="aea13b2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        baseline_src = work / "baseline-src"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(baseline_src), args.baseline_ref],
            check=True,
            capture_output=True,
        )
        server = EmbeddedRedis(work / "redis")
        url = server.start()
        pools = []
        try:
            apps = {}
            for side in ("candidate", "baseline"):
                app_dir = work / f"calc{side}"
                shutil.copytree(CALCULATOR, app_dir)
                if side == "baseline":
                    os.environ["PYTHONPATH"] = str(baseline_src)  # the baseline pool's workers import the old code
                pool = WorkerPool(app_dir, url, work / f"data-{side}", 1, log_dir=work / f"logs-{side}")
                pool.start()
                os.environ.pop("PYTHONPATH", None)
                pools.append(pool)
                apps[side] = app_dir
            connection = redis.Redis.from_url(url)
            samples: dict[str, list[float]] = {"candidate": [], "baseline": []}
            clients = {}
            for side, app_dir in apps.items():
                wait(lambda name=app_dir.name: read_manifest(connection, name) is not None, timeout=120)
                clients[side] = TestClient(create_app(url, app_dir.name, app_dir=app_dir)).__enter__()
            entities = {
                side: client.post("/api/entities", json={"entity_type": "Calculator", "name": "b"}).json()["id"]
                for side, client in clients.items()
            }
            for side in apps:  # warm up both
                one_job(clients[side], entities[side], 0)
            for i in range(args.jobs):
                order = ("candidate", "baseline") if i % 2 else ("baseline", "candidate")
                for side in order:
                    samples[side].append(one_job(clients[side], entities[side], i))
            for client in clients.values():
                client.__exit__(None, None, None)
        finally:
            for pool in pools:
                pool.stop()
            server.stop()
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(baseline_src)], check=False)
    base, cand = statistics.median(samples["baseline"]), statistics.median(samples["candidate"])
    cgroups = "off" if os.environ.get("VIKTORLITE_JOB_CGROUPS") == "0" else "where writable"
    print(f"jobs per side: {args.jobs} (alternating), cgroups {cgroups}")
    print(f"baseline ({args.baseline_ref}) view job, POST -> result: median {base * 1000:.1f} ms")
    print(f"candidate (this checkout):            median {cand * 1000:.1f} ms")
    print(f"ratio (candidate / baseline): {cand / base:.2f}x")


if __name__ == "__main__":
    main()
