"""Storage.set / Storage.get against raw redis-py SET / GET of the same bytes, on one server, in one run.

Both sides talk to the same embedded Redis over loopback. Ours goes through ``viktor.Storage`` the
way an app uses it: ``set(key, File.from_data(data))`` and ``get(key).getvalue_binary()``, so it
includes chunking into 1 MiB blob pieces, the zone bookkeeping and reading the chunks back. The
measurements alternate run by run, order rotated, warm-up discarded (benchmarks/_interleaved.py).

    .venv/bin/python benchmarks/bench_storage.py [--skip-300mb] [--quick]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import redis
from _interleaved import interleave, quick, report, state_baseline
from bench_context import bench_job

from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.jobs import context as job_context
from viktorlite.sdk import File, Storage

SIZES = [("1 KB", 1_000, 100), ("1 MB", 1_000_000, 30), ("10 MB", 10_000_000, 10), ("300 MB", 300_000_000, 3)]
QUICK = [("1 KB", 1_000, 40), ("1 MB", 1_000_000, 15), ("10 MB", 10_000_000, 6)]


def bench_size(connection: redis.Redis, label: str, size: int, runs: int) -> None:
    data = os.urandom(size)
    storage = Storage()

    def raw_set() -> None:
        connection.set("bench:raw", data)

    def ours_set() -> None:
        storage.set("bench", File.from_data(data), scope="workspace")

    def raw_get() -> None:
        connection.get("bench:raw")

    def ours_get() -> None:
        storage.get("bench", scope="workspace").getvalue_binary()

    warmup = 1 if size >= 100_000_000 else 2
    report("bench_storage", f"{label} set", interleave(raw_set, ours_set, runs, warmup))
    report("bench_storage", f"{label} get", interleave(raw_get, ours_get, runs, warmup))
    assert connection.get("bench:raw") == data
    assert storage.get("bench", scope="workspace").getvalue_binary() == data
    connection.delete("bench:raw")
    storage.delete("bench", scope="workspace")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-300mb", action="store_true", help="leave out the 300 MB size")
    parser.add_argument("--quick", action="store_true", help="1 KB to 10 MB, fewer runs (make bench)")
    args = parser.parse_args()
    sizes = QUICK if args.quick or quick() else [s for s in SIZES if not (args.skip_300mb and s[1] >= 300_000_000)]
    state_baseline("raw redis-py SET / GET of the same bytes on the same Redis")
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis")
        url = server.start()
        connection = redis.Redis.from_url(url, socket_timeout=120)  # a 300 MB SET takes seconds
        job_context.enter(bench_job(connection, production=True, worker="bench"))
        try:
            for label, size, runs in sizes:
                bench_size(connection, label, size, runs)
        finally:
            job_context.enter(None)
            server.stop()


if __name__ == "__main__":
    main()
