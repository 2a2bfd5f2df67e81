"""``viktorlite serve --blob-url file:///dir`` hands the URL to the workers it starts: a job's big
Storage value lands in that directory, not in Redis."""

from __future__ import annotations

from pathlib import Path

import httpx2
from probe import answer, new_entity, run_job

from support import Served, copy_app

APPS = Path(__file__).resolve().parents[1] / "apps"
BIG = "y" * (1 << 20) + "tail"


def test_serve_passes_the_blob_url_to_its_workers(tmp_path):
    app_dir = copy_app(APPS / "state", tmp_path)
    blobs = tmp_path / "shared-blobs"
    with Served(app_dir, "--blob-url", blobs.as_uri()) as server, httpx2.Client(base_url=server.url) as client:
        entity = new_entity(client, "A")  # type: ignore[arg-type]
        assert answer(run_job(client, entity, "storage_set", {"key": "big", "text": BIG}))["ok"]  # type: ignore[arg-type]
        stored = [path for path in blobs.glob("*/??/*") if path.is_file()]
        assert [path.stat().st_size for path in stored] == [len(BIG)]
        got = run_job(client, entity, "storage_get", {"key": "big"})  # type: ignore[arg-type]
        assert answer(got)["text"] == BIG
