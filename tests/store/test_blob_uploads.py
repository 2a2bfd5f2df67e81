"""A real ``viktorlite web --blob-url s3://...``: an upload's bytes go to S3 (moto's real server),
stream back from ``/api/blobs/{id}``, and Redis keeps only the upload's metadata."""

from __future__ import annotations

import os
import uuid

import httpx2
import redis

from support import SAMPLE_APPS, start_web
from viktorlite.store.blob_objects import object_store
from viktorlite.store.keys import Keys

PHOTOS = "/api/uploads?entity_type=Design&field=places.photos"


def test_an_upload_goes_to_the_s3_blob_store_and_comes_back(publish_app, s3_endpoint):
    published = publish_app(SAMPLE_APPS / "inputs")
    url = f"s3://viktorlite-tests/u-{uuid.uuid4().hex[:8]}"
    data = os.urandom(9 << 20)  # over one 8 MiB part: a multipart upload
    process, web = start_web(published.directory, published.redis_url, "--blob-url", url)
    try:
        uploaded = httpx2.post(web + PHOTOS, files={"file": ("scan.txt", data, "text/plain")})
        assert uploaded.status_code == 201, uploaded.text
        file_id = uploaded.json()["file_id"]
        served = httpx2.get(web + f"/api/blobs/{file_id}")
        assert served.status_code == 200 and served.content == data
    finally:
        process.stop()
    objects = object_store(url, published.name)
    assert objects is not None and [blob_id for blob_id, _ in objects.list_ids()] == [file_id]
    connection = redis.Redis.from_url(published.redis_url)
    assert not connection.exists(Keys(published.name).blob_chunks(file_id))
    assert connection.exists(Keys(published.name).blob(file_id))
