"""What keeping saved uploads costs a save: ``EntityStore.save_params`` with and without it.

A save now finds the uploads its params name (a regular expression over their JSON text) and
removes their time to live in the same server-side step (viktorlite/store/upload_lifetime.py).
Baseline: the same save with that search switched off (no upload keys passed to the script),
alternating with the candidate run by run on one embedded Redis; printed as medians and their
ratio, for small params, a 5,000-row table, and a table whose rows each name an uploaded file.

    .venv/bin/python benchmarks/bench_upload_lifetime.py [--runs 200]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import redis

from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.store import entities
from viktorlite.store.blobs import BlobStore

APP = "bench-upload-lifetime"


def _params(store: BlobStore) -> dict[str, dict[str, Any]]:
    files = [store.put(b"x", uploaded=True, expires_in=3600) for _ in range(50)]
    return {
        "small": {"a": 1, "b": "two", "c": {"d": [1, 2, 3]}},
        "table 5,000 rows": {"rows": [{"x": i, "y": i * 0.5, "name": f"row {i}"} for i in range(5000)]},
        "50 files in a table": {"rows": [{"file": {"file_id": f, "filename": "a.txt"}, "n": 1} for f in files]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    server = EmbeddedRedis(Path(tempfile.mkdtemp(prefix="bench-upload-lifetime-")))
    connection = redis.Redis.from_url(server.start())
    walk = entities.referenced_blob_ids
    try:
        store = entities.EntityStore(connection, APP)
        print(f"{'params':<22} {'baseline':>12} {'candidate':>12} {'ratio':>7}")
        for label, params in _params(BlobStore(connection, APP)).items():
            entity = store.create("T", label, {}).id
            samples: dict[str, list[float]] = {"baseline": [], "candidate": []}
            for run in range(args.runs * 2):
                kind = "baseline" if run % 2 == 0 else "candidate"
                entities.referenced_blob_ids = (lambda *_: []) if kind == "baseline" else walk
                started = time.perf_counter()
                store.save_params(entity, params)
                samples[kind].append(time.perf_counter() - started)
            base, cand = (statistics.median(samples[k]) for k in ("baseline", "candidate"))
            print(f"{label:<22} {base * 1000:9.3f} ms {cand * 1000:9.3f} ms {cand / base:7.2f}")
    finally:
        entities.referenced_blob_ids = walk
        connection.close()
        server.stop()


if __name__ == "__main__":
    main()
