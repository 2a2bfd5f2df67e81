"""A view job whose params hold a table of 5,000 rows, POST -> result, against a plain RQ job carrying
the same params, in one run.

Baseline: a plain RQ job through a forking RQ worker, the params JSON its argument (RQ encodes,
compresses, stores and decodes them), returning the number of rows. Candidate: the same params POSTed
to the web app in this process (benchmarks/in_process.py) as a view job of a DynamicArray: checked
against the parametrization, queued, built into the ``params`` the method gets (a Munch a row), kept for
replay with the outcome. Alternating run by run; what the row shows is what viktorlite adds per row.

    .venv/bin/python benchmarks/bench_large_params.py [--jobs 30] [--quick] [--rows 5000]
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from _interleaved import embedded_redis, interleave, plain_rq, report, runs, state_baseline
from bench_dynamic_array_save import APP as TABLE_APP
from bench_dynamic_array_save import table_rows
from in_process import in_process, view_job
from polling import wait
from rq import Queue

from viktorlite.store.manifest import read_manifest
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool

#: bench_dynamic_array_save's app, with a view that counts the rows.
APP = (
    TABLE_APP
    + """
    @vkt.DataView("Rows")
    def rows(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Rows", len(params.table))))
"""
)


@contextmanager
def viktorlite(url: str, workdir: Path, params: dict[str, object]) -> Iterator[Callable[[], None]]:
    """One worker serving the table app; yields one view job with ``params``, POST -> result."""
    app_dir = workdir / "tables"
    app_dir.mkdir()
    (app_dir / "app.py").write_text(APP)
    (app_dir / "viktor.config.toml").write_text('app_type = "simple"\n')
    pool = WorkerPool(app_dir, url, workdir / "data-tables", 1)
    pool.start()
    try:
        wait(lambda: read_manifest(redis.Redis.from_url(url), "tables") is not None)
        with in_process(create_app(url, "tables")) as client:
            entity = client.post("/api/entities", json={"entity_type": "Table", "name": "bench"}).json()

            yield lambda: view_job(client, entity["id"], {"method": "rows", "params": params})
    finally:
        pool.stop()
        shutil.rmtree(app_dir, ignore_errors=True)


def plain_rq_rows(queue: Queue, params: dict[str, object]) -> None:
    result = queue.enqueue("noop_job.count_rows", params).latest_result(timeout=60)
    assert result is not None and result.type == result.Type.SUCCESSFUL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    jobs = runs(parser, 30, 10)
    rows = parser.parse_args().rows
    params: dict[str, object] = {"table": table_rows(rows)}
    state_baseline(f"a plain RQ job carrying the same {rows:,}-row params, enqueue -> finished")
    with embedded_redis() as (url, tmp), plain_rq(url, "bench-rows") as queue, viktorlite(url, tmp, params) as ours:
        result = interleave(lambda: plain_rq_rows(queue, params), ours, jobs, warmup=2)
    report("bench_large_params", f"view job with a {rows:,}-row table, POST -> result", result)


if __name__ == "__main__":
    main()
