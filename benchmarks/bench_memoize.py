"""A memoize hit returning a 1 MB result, against calling the function and against a raw Redis GET.

One run, one embedded Redis. The memoized function builds a 1 MB JSON-able result (a table of
beam deflections, about 50 ms of Python arithmetic). Compared, as medians:

* the direct call of the undecorated function;
* a memoize hit, in production (shared cache) and in development (the worker's capped cache);
* a raw redis-py GET of the very bytes memoize stored (the floor for any Redis-backed cache),
  and that GET plus ``json.loads`` (the floor for a JSON cache).

    .venv/bin/python benchmarks/bench_memoize.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import redis
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


def median_ms(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    memoized = memoize(deflection_table)
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis")
        connection = redis.Redis.from_url(server.start())
        try:
            direct = median_ms(lambda: deflection_table(84, 1000), args.repeat)
            results = {}
            for production in (True, False):
                job_context.enter(bench_job(connection, production=production))
                expected = memoized(84, 1000)  # the miss that stores the entry
                assert memoized(84, 1000) == expected
                results[production] = median_ms(lambda: memoized(84, 1000), args.repeat)
            job_context.enter(None)
            (entry,) = connection.scan_iter("viktorlite:bench:memo:shared:*")
            stored = connection.get(entry)
            assert stored is not None
            raw_get = median_ms(lambda: connection.get(entry), args.repeat)
            get_and_parse = median_ms(lambda: json.loads(connection.get(entry)), args.repeat)  # type: ignore[arg-type]
        finally:
            job_context.enter(None)
            server.stop()
    print(f"result size: {len(stored) / 1e6:.2f} MB of JSON; medians of {args.repeat} runs")
    print(f"direct call of the function:       {direct:8.2f} ms")
    print(f"memoize hit, production (shared):  {results[True]:8.2f} ms  = {results[True] / direct:.2f}x the call")
    print(f"memoize hit, development (worker): {results[False]:8.2f} ms  = {results[False] / direct:.2f}x the call")
    print(f"raw Redis GET of the same bytes:   {raw_get:8.2f} ms  (hit / GET = {results[True] / raw_get:.2f}x)")
    ratio = results[True] / get_and_parse
    print(f"raw GET + json.loads:              {get_and_parse:8.2f} ms  (hit / that = {ratio:.2f}x)")


if __name__ == "__main__":
    main()
