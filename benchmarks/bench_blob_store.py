"""Blob round trips (put, then read back) through each blob store against the raw client of that store.

For each ``--blob-url`` kind and size, ours is ``BlobStore.put`` + ``open().read()`` (chunks or parts,
metadata in Redis, checksum on S3 and file); the baseline, measured alternately in the same run
(benchmarks/_interleaved.py), is the plain client doing the same bytes: redis-py SET/GET (a plain
file at 300 MB, past what one Redis value should hold), ``open()`` write/read, boto3
put_object/get_object. The S3 server is moto's standalone server on loopback, as in the tests.

    .venv/bin/python benchmarks/bench_blob_store.py [--quick] [--skip-300mb] [--only redis s3 file]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import redis
from _interleaved import interleave, quick, report, state_baseline

from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.store.blobs import BlobStore

SIZES = [("1 KB", 1_000, 40), ("1 MB", 1_000_000, 20), ("10 MB", 10_000_000, 8), ("300 MB", 300_000_000, 3)]
QUICK = [("1 KB", 1_000, 20), ("1 MB", 1_000_000, 10), ("10 MB", 10_000_000, 4)]
BUCKET = "bench"


def start_moto(log: Path) -> subprocess.Popen[bytes]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    moto = str(Path(sys.executable).parent / "moto_server")
    process = subprocess.Popen(
        [moto, "-H", "127.0.0.1", "-p", str(port)], stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    os.environ.update(
        AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}",
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="us-east-1",
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def raw_side(kind: str, size: int, connection: redis.Redis, folder: Path, s3: object) -> Callable[[bytes], None]:
    if kind == "s3":

        def raw_s3(data: bytes) -> None:
            s3.put_object(Bucket=BUCKET, Key="raw", Body=data)  # type: ignore[attr-defined]
            s3.get_object(Bucket=BUCKET, Key="raw")["Body"].read()  # type: ignore[attr-defined]

        return raw_s3
    if kind == "redis" and size < 100_000_000:

        def raw_redis(data: bytes) -> None:
            connection.set("bench:raw", data)
            connection.get("bench:raw")

        return raw_redis

    def raw_file(data: bytes) -> None:
        (folder / "raw").write_bytes(data)
        (folder / "raw").read_bytes()

    return raw_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1 KB to 10 MB, fewer runs (make bench)")
    parser.add_argument("--skip-300mb", action="store_true", help="leave out the 300 MB size")
    parser.add_argument("--only", nargs="*", default=["redis", "file", "s3"], help="blob store kinds")
    args = parser.parse_args()
    sizes = QUICK if args.quick or quick() else [s for s in SIZES if not (args.skip_300mb and s[1] >= 300_000_000)]
    state_baseline("the same bytes through the store's plain client (redis-py, open(), boto3), alternated run by run")
    with tempfile.TemporaryDirectory(prefix="bench-blob-") as temp:
        root = Path(temp)
        server = EmbeddedRedis(root / "redis")
        connection = redis.Redis.from_url(server.start())
        moto = start_moto(root / "moto.log") if "s3" in args.only else None
        try:
            s3 = None
            if moto is not None:
                import boto3

                s3 = boto3.client("s3")
                s3.create_bucket(Bucket=BUCKET)
            urls = {"redis": "redis", "file": (root / "blobs").as_uri(), "s3": f"s3://{BUCKET}/blobs"}
            for kind in args.only:
                store = BlobStore(connection, f"bench-{uuid.uuid4().hex[:6]}", urls[kind])
                for label, size, runs in sizes:
                    data = os.urandom(size)
                    raw = raw_side(kind, size, connection, root, s3)

                    def ours(store: BlobStore = store, data: bytes = data) -> None:
                        blob_id = store.put(data)
                        with store.open(blob_id) as stream:
                            stream.read()
                        store.delete(blob_id)

                    warmup = 1 if size >= 100_000_000 else 2
                    comparison = interleave(lambda raw=raw, data=data: raw(data), ours, runs, warmup)
                    report("bench_blob_store", f"{kind} {label} round trip", comparison)
        finally:
            if moto is not None:
                moto.terminate()
                moto.wait(60)
            server.stop()


if __name__ == "__main__":
    main()
