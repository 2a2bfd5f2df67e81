"""A memoize hit returning a 1 MB result, against calling the function and against a raw Redis GET.

One run, one embedded Redis. The memoized function builds a 1 MB JSON-able result (a table of
beam deflections, about 50 ms of Python arithmetic). The baseline is a raw redis-py GET of the very
bytes memoize stored plus ``json.loads`` (the floor for a JSON cache); against it, alternating run by
run (benchmarks/_interleaved.py): a memoize hit in production (shared cache), in development (the
worker's capped cache), and for scale the direct call of the undecorated function.

    .venv/bin/python benchmarks/bench_memoize.py [--repeat 50] [--quick]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import redis
from _interleaved import interleave, quick, report, state_baseline
from bench_context import bench_job

from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.jobs import context as job_context
from viktorlite.sdk import memoize


def deflection_table(spans: int, points: int) -> dict[str, list[list[float]]]:
    """Deflections of ``spans`` beams at ``points`` positions: about 1 MB as JSON for 84 x 1000."""
    table = []
    for index in range(spans):
        span = 5.0 + index * 0.25
        row = []
        for i in range(points):
            x = span * i / (points - 1)
            row.append(round(5.0 * x * (span**3 - 2 * span * x**2 + x**3) / (24 * 21000.0), 9))
        table.append(row)
    return {"deflections": table}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="20 runs a side (make bench)")
    args = parser.parse_args()
    runs = 20 if args.quick or quick() else args.repeat
    state_baseline("a raw redis-py GET of the bytes memoize stored plus json.loads (the floor of a JSON cache)")
    memoized = memoize(deflection_table)
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis")
        connection = redis.Redis.from_url(server.start())
        try:
            job_context.enter(bench_job(connection, production=True))
            expected = memoized(84, 1000)  # the miss that stores the entry
            (entry,) = connection.scan_iter("viktorlite:bench:memo:shared:*")
            stored = connection.get(entry)
            assert stored is not None and memoized(84, 1000) == expected
            print(f"result size: {len(stored) / 1e6:.2f} MB of JSON")

            def get_and_parse() -> None:
                json.loads(connection.get(entry))  # type: ignore[arg-type]

            def hit() -> None:
                memoized(84, 1000)

            report("bench_memoize", "memoize hit, production (shared cache)", interleave(get_and_parse, hit, runs))
            job_context.enter(bench_job(connection, production=False))
            assert memoized(84, 1000) == expected  # the development cache's miss
            report("bench_memoize", "memoize hit, development (worker cache)", interleave(get_and_parse, hit, runs))
            job_context.enter(None)
            direct = interleave(get_and_parse, lambda: deflection_table(84, 1000), max(5, runs // 4))
            report("bench_memoize", "for scale: the direct call of the function", direct)
        finally:
            job_context.enter(None)
            server.stop()


if __name__ == "__main__":
    main()
