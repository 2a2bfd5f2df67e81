"""Uploads are served back as opaque downloads unless their type is an inert image.

A real ``viktorlite web`` process (issue 16, item 14): before, an upload came back with whatever
Content-Type its uploader's browser claimed, so ``text/javascript`` was served from ``'self'``
(which the editor's CSP lets run as a script) and ``text/html`` inline.
"""

from __future__ import annotations

import httpx2
import pytest

from support import SAMPLE_APPS

PHOTOS = "/api/uploads?entity_type=Design&field=places.photos"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture(scope="module")
def web(publish_module_app, start_module_web) -> str:
    """One web process for the module's tests: each serves back only the upload it made."""
    return start_module_web(publish_module_app(SAMPLE_APPS / "inputs"))


def _served(url: str, name: str, data: bytes, content_type: str) -> httpx2.Response:
    uploaded = httpx2.post(url + PHOTOS, files={"file": (name, data, content_type)})
    assert uploaded.status_code == 201, uploaded.text
    return httpx2.get(url + f"/api/blobs/{uploaded.json()['file_id']}")


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("page.txt", "text/html"),
        ("script.txt", "text/javascript"),
        ("drawing.png", "image/svg+xml"),
        ("report.txt", "application/pdf"),
        ("x.txt", "text/html; charset=utf-8"),
        ("plain.txt", "text/plain"),
    ],
)
def test_an_upload_of_an_active_type_comes_back_as_a_download(web: str, name: str, content_type: str):
    served = _served(web, name, b"<script>alert(document.domain)</script>", content_type)
    assert served.status_code == 200
    assert served.headers["content-type"] == "application/octet-stream"
    assert served.headers["content-disposition"].startswith("attachment;")
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.content == b"<script>alert(document.domain)</script>"


@pytest.mark.parametrize("content_type", ["image/png", "image/jpeg", "image/gif", "image/webp"])
def test_an_inert_image_upload_is_shown_inline_as_itself(web: str, content_type: str):
    served = _served(web, "photo.png", PNG, content_type)
    assert served.headers["content-type"] == content_type
    assert served.headers["content-disposition"].startswith("inline;")
    assert served.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in served.headers["content-security-policy"]
    uploaded = httpx2.post(web + PHOTOS, files={"file": ("photo.png", PNG, content_type)}).json()
    download = httpx2.get(web + f"/api/blobs/{uploaded['file_id']}", params={"download": "1"})
    assert download.headers["content-disposition"].startswith("attachment;")
