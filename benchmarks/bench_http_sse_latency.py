"""A no-op view job through a real web process: HTTP POST, the queue, a worker, the SSE end event (p50).

Issue 18's second row. Baseline: a plain RQ forking worker running a no-op job on the same Redis,
enqueue -> result, measured alternately in the same run (benchmarks/_interleaved.py).

    .venv/bin/python benchmarks/bench_http_sse_latency.py [--jobs 200] [--quick]
"""

from __future__ import annotations

import argparse

import httpx2
from _interleaved import embedded_redis, interleave, plain_rq, plain_rq_noop, report, runs, state_baseline
from bench_production import CALCULATOR, run_view_and_wait_for_push, viktorlite_app


def main() -> None:
    jobs = runs(argparse.ArgumentParser(description=__doc__), 200, 30)
    state_baseline("a plain RQ no-op job through a forking RQ worker on the same Redis, enqueue -> result")
    with (
        embedded_redis() as (url, tmp),
        plain_rq(url, "bench-latency") as queue,
        viktorlite_app(url, CALCULATOR, tmp, 1) as (base, entity_id, _),
        httpx2.Client(timeout=30) as client,
    ):
        latency = interleave(
            lambda: plain_rq_noop(queue),
            lambda: run_view_and_wait_for_push(client, base, entity_id, "constant"),
            jobs,
            warmup=3,
        )
    report("bench_http_sse_latency", "no-op view, HTTP POST -> SSE end event", latency)


if __name__ == "__main__":
    main()
