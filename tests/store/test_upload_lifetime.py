"""Uploads no saved params name expire; saving params that name one keeps it for good.

Through a real ``viktorlite web`` process on the session's embedded Redis (issue 16, item 12):
before, every upload was kept forever (``TTL -1``), even one nobody ever saved.
"""

from __future__ import annotations

import httpx2
import pytest

from support import SAMPLE_APPS, start_web
from viktorlite.store.blobs import BlobStore
from viktorlite.store.entities import EntityStore
from viktorlite.store.keys import Keys
from viktorlite.store.upload_lifetime import DEFAULT_HOURS, ENV

DRAWING = "/api/uploads?entity_type=Design&field=places.drawing"
PHOTOS = "/api/uploads?entity_type=Design&field=places.photos"


@pytest.fixture(scope="module")
def web(publish_module_app, start_module_web) -> tuple[object, str]:
    """One web process for the module's tests that use the default lifetime: each reads only its own uploads."""
    published = publish_module_app(SAMPLE_APPS / "inputs")
    return published, start_module_web(published)


def _upload(url: str, path: str, name: str, data: bytes = b"1,2\n") -> dict:
    response = httpx2.post(url + path, files={"file": (name, data, "text/plain")})
    assert response.status_code == 201, response.text
    return response.json()


def _ttls(redis_client, app: str, file_id: str) -> tuple[int, int]:
    keys = Keys(app)
    return redis_client.ttl(keys.blob(file_id)), redis_client.ttl(keys.blob_chunks(file_id))


def test_an_upload_no_saved_params_name_expires_and_saving_keeps_it(web, redis_client):
    published, url = web
    app = published.name
    entity = httpx2.post(url + "/api/entities", json={"entity_type": "Design", "name": "Kept"}).json()["id"]
    kept = _upload(url, DRAWING, "kept.txt")
    orphan = _upload(url, DRAWING, "orphan.txt")
    photo = _upload(url, PHOTOS, "photo.txt")

    day = DEFAULT_HOURS * 3600
    for upload in (kept, orphan, photo):
        meta_ttl, chunks_ttl = _ttls(redis_client, app, upload["file_id"])
        assert 0 < meta_ttl <= day and 0 < chunks_ttl <= day, upload

    params = {"places": {"drawing": {"file_id": kept["file_id"], "filename": kept["filename"]}}}
    params["places"]["photos"] = [{"file_id": photo["file_id"], "filename": photo["filename"]}]
    saved = httpx2.put(url + f"/api/entities/{entity}/params", json={"params": params})
    assert saved.status_code == 200, saved.text
    assert _ttls(redis_client, app, kept["file_id"]) == (-1, -1)
    assert _ttls(redis_client, app, photo["file_id"]) == (-1, -1), "a MultiFileField's files are kept too"
    assert min(_ttls(redis_client, app, orphan["file_id"])) > 0, "an upload no params name still expires"

    # A later revision without the file does not put its time to live back: revision 2 still names it.
    assert httpx2.put(url + f"/api/entities/{entity}/params", json={"params": {}}).status_code == 200
    assert _ttls(redis_client, app, kept["file_id"]) == (-1, -1)
    assert httpx2.get(url + f"/api/blobs/{kept['file_id']}").content == b"1,2\n"


def test_an_entity_created_with_params_naming_an_upload_keeps_it(web, redis_client):
    published, url = web
    upload = _upload(url, DRAWING, "created.txt")
    params = {"places": {"drawing": {"file_id": upload["file_id"], "filename": upload["filename"]}}}
    created = httpx2.post(url + "/api/entities", json={"entity_type": "Design", "name": "New", "params": params})
    assert created.status_code == 201, created.text
    assert _ttls(redis_client, published.name, upload["file_id"]) == (-1, -1)


def test_a_file_entitys_own_file_is_kept_when_the_entity_is_created(redis_client, publish_app):
    """What the upload job does once the @ParamsFromFile method ran: create the entity with its file."""
    app = publish_app(SAMPLE_APPS / "inputs").name
    blob_id = BlobStore(redis_client, app).put(b"room,area\n", uploaded=True, expires_in=3600)
    assert min(_ttls(redis_client, app, blob_id)) > 0
    EntityStore(redis_client, app).create("Design", "From a file", {}, file_id=blob_id)
    assert _ttls(redis_client, app, blob_id) == (-1, -1)


def test_the_orphan_lifetime_is_a_setting(publish_app, redis_client):
    published = publish_app(SAMPLE_APPS / "inputs")
    process, url = start_web(published.directory, published.redis_url, env={ENV: "0.5"})
    try:
        upload = _upload(url, DRAWING, "half-hour.txt")
        assert 0 < max(_ttls(redis_client, published.name, upload["file_id"])) <= 1800
    finally:
        process.stop()
    process, url = start_web(published.directory, published.redis_url, env={ENV: "0"})
    try:
        upload = _upload(url, DRAWING, "forever.txt")
        assert _ttls(redis_client, published.name, upload["file_id"]) == (-1, -1), "0 keeps orphans for good"
    finally:
        process.stop()


def test_params_naming_a_blob_that_is_no_upload_do_not_keep_it(web, redis_client):
    """A crafted save naming a result's blob must not keep the result past its own expiry."""
    published, url = web
    result = BlobStore(redis_client, published.name).put(b"<svg/>", content_type="image/svg+xml", expires_in=600)
    entity = httpx2.post(url + "/api/entities", json={"entity_type": "Design", "name": "Crafted"}).json()["id"]
    params = {"places": {"drawing": {"file_id": result, "filename": "view.svg"}}}
    assert httpx2.put(url + f"/api/entities/{entity}/params", json={"params": params}).status_code == 200
    assert 0 < min(_ttls(redis_client, published.name, result)) <= 600
