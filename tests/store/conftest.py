"""A real S3 protocol server for the blob store tests: moto's standalone server on a loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import without_coverage

HANG = 60.0
BUCKET = "viktorlite-tests"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``moto_server`` in a process of its own, its endpoint and credentials in ``AWS_*`` as a user's would be."""
    pytest.importorskip("moto.server", reason="moto[server] is in the test extras")
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    moto = shutil.which("moto_server", path=str(Path(sys.executable).parent)) or "moto_server"
    with open(log, "wb") as out:
        # Not traced by coverage: the server runs none of viktorlite's code.
        process = subprocess.Popen(
            [moto, "-H", "127.0.0.1", "-p", str(port)], stdout=out, stderr=subprocess.STDOUT, env=without_coverage()
        )
    endpoint = f"http://127.0.0.1:{port}"
    names = ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
        AWS_DEFAULT_REGION="us-east-1",
    )
    try:
        deadline = time.monotonic() + HANG
        while True:  # a hang guard, not a timing assumption: the server answers when it is up
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto_server did not start: {log.read_text()}") from None
                time.sleep(0.05)
        import boto3

        boto3.client("s3").create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        process.terminate()
        process.wait(HANG)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(params=["redis", "s3", "file"])
def blob_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each blob store kind in turn; s3 and file with a prefix of their own per test."""
    if request.param == "redis":
        return "redis"
    if request.param == "s3":
        request.getfixturevalue("s3_endpoint")
        return f"s3://{BUCKET}/t-{uuid.uuid4().hex[:8]}"
    return (tmp_path / "blobs").as_uri()
