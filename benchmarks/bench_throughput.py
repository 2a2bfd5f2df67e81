"""Throughput of no-op view jobs through the HTTP API with 1, 2 and 4 workers (issue 18's third row).

Baseline: as many plain RQ forking workers running a no-op job on the same Redis, batches measured
alternately in the same run (benchmarks/_interleaved.py). Reported as the time a batch takes, so
the ratio is the inverse of the throughput ratio (0.5x time = 2x throughput).

    .venv/bin/python benchmarks/bench_throughput.py [--runs 7] [--batch 60] [--quick]
"""

from __future__ import annotations

import argparse

import httpx2
from _interleaved import embedded_redis, interleave, plain_rq, report, runs, state_baseline
from bench_production import CALCULATOR, plain_rq_batch, viktorlite_app, viktorlite_batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch", type=int, default=60, help="jobs per run")
    count = runs(parser, 7, 3, what="runs")
    batch = parser.parse_args().batch if count != 3 else 30
    state_baseline("plain RQ forking workers, as many, running a no-op job on the same Redis")
    with embedded_redis() as (url, tmp):
        for workers in (1, 2, 4):
            with (
                plain_rq(url, f"bench-throughput-{workers}", workers=workers) as queue,
                viktorlite_app(url, CALCULATOR, tmp, workers) as (base, _, _),
                httpx2.Client(timeout=60) as client,
            ):
                result = interleave(
                    lambda: plain_rq_batch(queue, batch),  # noqa: B023 (called within this iteration)
                    lambda: viktorlite_batch(client, base, batch),  # noqa: B023
                    count,
                    warmup=1,
                )
            report("bench_throughput", f"time for {batch} view jobs via HTTP, {workers} worker(s)", result)


if __name__ == "__main__":
    main()
