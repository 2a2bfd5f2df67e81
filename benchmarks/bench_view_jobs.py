"""Per-view job time, this checkout's workers against a baseline commit's, on one Redis, in one run.

Two worker pools serve copies of the same apps: one imports this checkout, the other a baseline
commit (``git archive`` into a temporary folder, put first on the workers' ``PYTHONPATH``). Jobs go
POST -> result through the in-process web app and alternate between the two sides run by run
(benchmarks/_interleaved.py). Views: the beam sample's Plotly chart and its DataView, and a chart
whose view imports plotly inside the method (tests/apps/preload).

    .venv/bin/python benchmarks/bench_view_jobs.py [--jobs 30] [--baseline-ref fb6b366] [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import redis
from _interleaved import interleave, quick, report, state_baseline
from polling import wait
from starlette.testclient import TestClient

from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.store.manifest import read_manifest
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BASELINE = "fb6b366"  # main before issue 22's per-job fixes
VIEWS = [
    (REPO / "sample_apps" / "beam", "Controller", "moment_diagram", "beam Plotly view"),
    (REPO / "sample_apps" / "beam", "Controller", "results", "beam DataView"),
    (REPO / "tests" / "apps" / "preload", "Charts", "chart", "Plotly imported in the view"),
]


def archive(ref: str, into: Path) -> Path:
    """The tree of ``ref`` in ``into`` (symlinks kept: viktorlite/web and viktorlite/workers are links)."""
    tar = into / "src.tar"
    subprocess.run(["git", "-C", str(REPO), "archive", "-o", str(tar), ref], check=True)
    with tarfile.open(tar) as handle:
        handle.extractall(into / "src", filter="tar")
    return into / "src"


def serve(stack: ExitStack, work: Path, url: str, source: Path, side: str, pythonpath: str | None) -> TestClient:
    app_dir = work / f"{source.name}{side}"
    if not app_dir.exists():
        shutil.copytree(source, app_dir, ignore=shutil.ignore_patterns(".viktorlite", "__pycache__"))
    old = os.environ.pop("PYTHONPATH", None)
    if pythonpath:
        os.environ["PYTHONPATH"] = pythonpath  # the baseline pool's workers import the old code
    try:
        pool = WorkerPool(app_dir, url, work / f"data-{app_dir.name}", 1, log_dir=work / f"logs-{app_dir.name}")
        pool.start()
    finally:
        os.environ.pop("PYTHONPATH", None)
        if old is not None:
            os.environ["PYTHONPATH"] = old
    stack.callback(pool.stop)
    connection = redis.Redis.from_url(url)
    wait(lambda: read_manifest(connection, app_dir.name) is not None, timeout=180)
    return stack.enter_context(TestClient(create_app(url, app_dir.name, app_dir=app_dir)))


def one_view(client: TestClient, entity_type: str, method: str) -> Callable[[], None]:
    entity = client.post("/api/entities", json={"entity_type": entity_type, "name": "b"}).json()["id"]

    def run() -> None:
        job_id = client.post(f"/api/entities/{entity}/jobs", json={"method": method}).json()["job_id"]
        outcome = client.get(f"/api/jobs/{job_id}", params={"wait": 60}).json()
        assert outcome["status"] == "finished", outcome

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=30)
    parser.add_argument("--baseline-ref", default=BASELINE)
    parser.add_argument("--quick", action="store_true", help="12 jobs a side per view (make bench)")
    args = parser.parse_args()
    jobs = 12 if args.quick or quick() else args.jobs
    state_baseline(f"the same view jobs through workers of commit {args.baseline_ref} (POST -> result)")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        work = Path(tmp)
        old_src = archive(args.baseline_ref, work)
        server = EmbeddedRedis(work / "redis")
        url = server.start()
        stack.callback(server.stop)
        clients: dict[tuple[Path, str], TestClient] = {}
        for source, _, _, _ in VIEWS:
            for side, path in (("base", str(old_src)), ("cand", None)):
                if (source, side) not in clients:
                    clients[source, side] = serve(stack, work, url, source, side, path)
        for source, entity_type, method, label in VIEWS:
            theirs = one_view(clients[source, "base"], entity_type, method)
            ours = one_view(clients[source, "cand"], entity_type, method)
            report("bench_view_jobs", f"{label} ({method})", interleave(theirs, ours, jobs, warmup=2))


if __name__ == "__main__":
    main()
