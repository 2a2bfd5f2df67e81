"""The spare work horse (issue 18 item 2) against RQ's fork and RQ's SimpleWorker, in one run.

Rows, each against a plain RQ forking worker running a no-op job on the same Redis, measured
alternately in the same run (benchmarks/_interleaved.py):

- a viktorlite view job (in-process web app, POST -> result) with the spare horse (the default);
- the same with ``VIKTORLITE_SPARE_HORSE=0``: the horse forked when the job comes;
- RQ's SimpleWorker (no fork at all: no isolation) running the same no-op job.

    .venv/bin/python benchmarks/bench_spare_horse.py [--jobs 100] [--quick]
"""

from __future__ import annotations

import argparse
import os
from contextlib import ExitStack

from _interleaved import embedded_redis, interleave, plain_rq, plain_rq_noop, report, runs, state_baseline
from bench_job_roundtrip import viktorlite

from viktorlite.workers.horse_watch import SPARE_HORSE_ENV


def main() -> None:
    jobs = runs(argparse.ArgumentParser(description=__doc__), 100, 20)
    state_baseline("a plain RQ no-op job through a forking RQ worker on the same Redis, enqueue -> finished")
    with embedded_redis() as (url, tmp), ExitStack() as stack:
        fork = stack.enter_context(plain_rq(url, "bench-fork"))
        simple = stack.enter_context(plain_rq(url, "bench-simple", simple=True))
        spare = stack.enter_context(viktorlite(url, tmp, "calc-spare"))
        os.environ[SPARE_HORSE_ENV] = "0"  # the next pool's workers inherit it
        try:
            no_spare = stack.enter_context(viktorlite(url, tmp, "calc-fork"))
        finally:
            os.environ.pop(SPARE_HORSE_ENV, None)
        rows = [
            ("view job POST -> result, spare horse (in-process web app)", spare),
            ("view job POST -> result, horse forked at the job (in-process web app)", no_spare),
            ("RQ SimpleWorker no-op job (no fork)", lambda: plain_rq_noop(simple)),
        ]
        for name, candidate in rows:
            report("bench_spare_horse", name, interleave(lambda: plain_rq_noop(fork), candidate, jobs, warmup=3))


if __name__ == "__main__":
    main()
