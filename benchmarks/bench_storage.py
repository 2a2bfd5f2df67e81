"""Storage.set / Storage.get against raw redis-py SET / GET of the same bytes, on one server, in one run.

Both sides talk to the same embedded Redis over loopback. Ours goes through ``viktor.Storage`` the
way an app uses it: ``set(key, File.from_data(data))`` and ``get(key).getvalue_binary()``, so it
includes chunking into 1 MiB blob pieces, the zone bookkeeping and reading the chunks back. The
measurements alternate (raw, ours, raw, ours ...) so drift hits both sides alike.

    .venv/bin/python benchmarks/bench_storage.py [--skip-300mb]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import redis
from bench_context import bench_job

from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.jobs import context as job_context
from viktorlite.sdk import File, Storage

SIZES = [("1 KB", 1_000, 300), ("10 MB", 10_000_000, 15), ("300 MB", 300_000_000, 3)]


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench_size(connection: redis.Redis, size: int, repeat: int) -> dict[str, float]:
    data = os.urandom(size)
    storage = Storage()
    samples: dict[str, list[float]] = {"raw set": [], "ours set": [], "raw get": [], "ours get": []}
    for _ in range(repeat):
        samples["raw set"].append(timed(lambda: connection.set("bench:raw", data)))
        samples["ours set"].append(timed(lambda: storage.set("bench", File.from_data(data), scope="workspace")))
        samples["raw get"].append(timed(lambda: connection.get("bench:raw")))
        samples["ours get"].append(timed(lambda: storage.get("bench", scope="workspace").getvalue_binary()))
    assert connection.get("bench:raw") == data
    assert storage.get("bench", scope="workspace").getvalue_binary() == data
    connection.delete("bench:raw")
    storage.delete("bench", scope="workspace")
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-300mb", action="store_true", help="leave out the 300 MB size")
    args = parser.parse_args()
    sizes = [s for s in SIZES if not (args.skip_300mb and s[1] >= 300_000_000)]
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis")
        url = server.start()
        connection = redis.Redis.from_url(url, socket_timeout=120)  # a 300 MB SET takes seconds
        job_context.enter(bench_job(connection, production=True, worker="bench"))
        try:
            header = ("size", "raw SET", "Storage.set", "ratio", "raw GET", "Storage.get", "ratio")
            print("{:>7} | {:>9} {:>11} {:>6} | {:>9} {:>11} {:>6}".format(*header))
            for label, size, repeat in sizes:
                m = bench_size(connection, size, repeat)
                print(
                    f"{label:>7} | {m['raw set'] * 1000:>7.2f}ms {m['ours set'] * 1000:>9.2f}ms "
                    f"{m['ours set'] / m['raw set']:>5.2f}x | {m['raw get'] * 1000:>7.2f}ms "
                    f"{m['ours get'] * 1000:>9.2f}ms {m['ours get'] / m['raw get']:>5.2f}x"
                )
        finally:
            job_context.enter(None)
            server.stop()
    print("ratio = Storage / raw redis-py (median of the runs); target: within 1.5x for 10 MB and up")


if __name__ == "__main__":
    main()
