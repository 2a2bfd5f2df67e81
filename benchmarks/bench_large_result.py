"""A view returning a large plotly figure (about 1.57 MB of JSON), end to end, against plain RQ returning the same dict.

The ratio is what viktorlite's result path adds to RQ's own (one JSON encode in the worker, one
decode in the reader): the envelope checks, the outcome record, the web process's answer. Both
sides use a forking RQ worker on the same embedded Redis and decode the answer in the client; jobs
alternate between them (benchmarks/_interleaved.py).

    .venv/bin/python benchmarks/bench_large_result.py [--jobs 30] [--quick]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from _interleaved import embedded_redis, interleave, plain_rq, report, runs, state_baseline
from polling import wait
from rq import Queue
from starlette.testclient import TestClient

from viktorlite.store.manifest import read_manifest
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool

HERE = Path(__file__).resolve().parent

APP = """
import sys
sys.path.insert(0, {here!r})
import viktor as vkt
from big_figure import figure


class Parametrization(vkt.Parametrization):
    n = vkt.NumberField("N", default=1)


class Chart(vkt.ViktorController):
    label = "Chart"
    parametrization = Parametrization

    @vkt.PlotlyView("Big")
    def big(self, params, **kwargs):
        return vkt.PlotlyResult(figure())
"""


def plain_rq_figure(queue: Queue) -> None:
    """One plain RQ job returning the figure, enqueue -> decoded result."""
    result = queue.enqueue("big_figure.plain_rq_job").latest_result(timeout=60)
    assert result is not None and result.type == result.Type.SUCCESSFUL
    assert len(result.return_value["figure"]["data"]) == 3


@contextmanager
def viktorlite(url: str, workdir: Path) -> Iterator[Callable[[], None]]:
    """One viktorlite worker; yields one view job, POST -> decoded result through the web app."""
    app_dir = workdir / "chart"
    app_dir.mkdir()
    (app_dir / "app.py").write_text(APP.format(here=str(HERE)))
    (app_dir / "viktor.config.toml").write_text('app_type = "simple"\n')
    pool = WorkerPool(app_dir, url, workdir / "data", 1)
    pool.start()
    connection = redis.Redis.from_url(url)
    try:
        wait(lambda: read_manifest(connection, "chart") is not None, timeout=60)
        with TestClient(create_app(url, "chart")) as client:
            entity = client.post("/api/entities", json={"entity_type": "Chart", "name": "bench"}).json()

            def run() -> None:
                job_id = client.post(f"/api/entities/{entity['id']}/jobs", json={"method": "big"}).json()["job_id"]
                answer = json.loads(client.get(f"/api/jobs/{job_id}", params={"wait": 60}).content)
                assert answer["status"] == "finished", answer.get("error")
                assert len(answer["result"]["figure"]["data"]) == 3

            yield run
    finally:
        pool.stop()


def main() -> None:
    jobs = runs(argparse.ArgumentParser(description=__doc__), 30, 10)
    state_baseline("plain RQ returning the same 1.57 MB figure dict through a forking RQ worker, enqueue -> decoded")
    with embedded_redis() as (url, tmp), plain_rq(url, "bench-big") as queue, viktorlite(url, tmp) as ours:
        result = interleave(lambda: plain_rq_figure(queue), ours, jobs, warmup=2)
    report("bench_large_result", "1.57 MB plotly view POST -> decoded result (in-process web app)", result)


if __name__ == "__main__":
    main()
