"""One view refresh, end to end, against a plain RQ no-op job on the same Redis, in one run.

Both sides use a forking RQ worker and JSON jobs; the ratio is what viktorlite adds on top of RQ:
the HTTP API, the entity read, params building, the app method and the result round trip.

The web app runs in this process on an event loop thread of its own, called through httpx's ASGI
transport (benchmarks/in_process.py); ``--test-client`` calls it through Starlette's TestClient
instead, as this benchmark did before: that client's hand-over to its loop costs 0.8-1.4 ms a
request on this 2-core machine (each run prints both clients' cost for an endpoint returning ``{}``).

Both run at once. The first row alternates single jobs between them (benchmarks/_interleaved.py):
while one side's job runs, the other side's worker finishes its wrap-up after the last job. The
second row alternates runs of :data:`IN_A_ROW` jobs, one after another on each side, and reports the
time a job took within them: each worker's wrap-up after a job (bookkeeping, the horse's exit, the
next fork, the dequeue) is then on the next job's path.

    .venv/bin/python benchmarks/bench_job_roundtrip.py [--jobs 200] [--quick] [--test-client]
"""

from __future__ import annotations

import argparse
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from _interleaved import embedded_redis, interleave, plain_rq, plain_rq_noop, report, runs, state_baseline
from in_process import harness_costs, in_process, view_job
from polling import wait
from starlette.testclient import TestClient

from viktorlite.store.manifest import read_manifest
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool

HERE = Path(__file__).resolve().parent
CALCULATOR = HERE.parent / "tests" / "apps" / "calculator"
#: Jobs a side runs one after another in each repetition of the second row.
IN_A_ROW = 10


@contextmanager
def viktorlite(
    url: str, workdir: Path, name: str = "calculator", *, test_client: bool = False
) -> Iterator[Callable[[], None]]:
    """One viktorlite worker serving a copy of the calculator app named ``name``; yields one view job,
    POST -> result (through Starlette's TestClient when ``test_client``)."""
    app_dir = workdir / name
    shutil.copytree(CALCULATOR, app_dir)
    pool = WorkerPool(app_dir, url, workdir / f"data-{name}", 1)
    pool.start()
    connection = redis.Redis.from_url(url)
    try:
        wait(lambda: read_manifest(connection, name) is not None)
        app = create_app(url, name)
        with TestClient(app) if test_client else in_process(app) as client:
            entity = client.post("/api/entities", json={"entity_type": "Calculator", "name": "bench"}).json()
            counter = iter(range(10**9))

            def run() -> None:
                params = {"numbers": {"a": next(counter), "b": 2}, "mode": "sum"}
                view_job(client, entity["id"], {"method": "result", "params": params})

            yield run
    finally:
        pool.stop()


def in_a_row(run: Callable[[], None]) -> Callable[[], float]:
    """:data:`IN_A_ROW` runs of ``run`` one after another; the seconds one took, on average."""

    def several() -> float:
        start = time.perf_counter()
        for _ in range(IN_A_ROW):
            run()
        return (time.perf_counter() - start) / IN_A_ROW

    return several


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--test-client", action="store_true", help="call the web app through Starlette's TestClient")
    jobs = runs(parser, 200, 30)
    test_client = parser.parse_args().test_client
    state_baseline("a plain RQ no-op job through a forking RQ worker on the same Redis, enqueue -> finished")
    print(f"viktorlite's web app called through {'TestClient' if test_client else 'benchmarks/in_process.py'}")
    print(harness_costs(), flush=True)
    with (
        embedded_redis() as (url, tmp),
        plain_rq(url, "bench-noop") as queue,
        viktorlite(url, tmp, test_client=test_client) as ours,
    ):
        plain = lambda: plain_rq_noop(queue)  # noqa: E731
        alternating = interleave(plain, ours, jobs, warmup=3)
        back_to_back = interleave(in_a_row(plain), in_a_row(ours), max(10, jobs // IN_A_ROW), warmup=1)
    report("bench_job_roundtrip", "view job POST -> result (in-process web app)", alternating)
    report("bench_job_roundtrip", f"the same, {IN_A_ROW} jobs a side in a row", back_to_back)


if __name__ == "__main__":
    main()
