"""An upload body the multipart parser refuses is a 400 naming the problem, never a 500.

A real ``viktorlite web`` process (issue 16, item 15): before, a 5,000-character file name (a
part header past python-multipart's 4 KiB limit) was a 500 ``internal error: MultipartParseError``.
"""

from __future__ import annotations

import httpx2
import pytest

from support import SAMPLE_APPS

ROUTES = {
    "inputs": "/api/uploads?entity_type=Design&field=places.drawing",
    "projects": "/api/entities/upload?entity_type=FloorPlan",
}


@pytest.fixture(scope="module", params=sorted(ROUTES))
def upload_url(request, publish_module_app, start_module_web) -> str:
    """One web process per app for the module's tests: a refused upload leaves nothing behind."""
    return start_module_web(publish_module_app(SAMPLE_APPS / request.param)) + ROUTES[request.param]


def _multipart(boundary: str, filename: str, data: bytes = b"room,area\n") -> bytes:
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
    return head.encode() + b"Content-Type: text/csv\r\n\r\n" + data + f"\r\n--{boundary}--\r\n".encode()


def _post(url: str, boundary: str, body: bytes) -> httpx2.Response:
    return httpx2.post(url, content=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def test_a_file_name_of_5000_characters_is_a_400_naming_it(upload_url: str):
    answer = _post(upload_url, "B0undary", _multipart("B0undary", "a" * 5000 + ".csv"))
    assert answer.status_code == 400, answer.text
    message = answer.json()["error"]
    assert "header size" in message.lower() and "file name" in message


def test_a_boundary_past_the_parsers_limit_is_a_400(upload_url: str):
    boundary = "b" * 300
    answer = _post(upload_url, boundary, _multipart(boundary, "plan.csv"))
    assert answer.status_code == 400, answer.text
    assert "the multipart body cannot be read" in answer.json()["error"]


def test_a_broken_part_is_a_4xx(upload_url: str):
    broken = b"--B0undary\r\nContent-Disposition form-data no colon\r\n\r\nx\r\n--B0undary--\r\n"
    answer = _post(upload_url, "B0undary", broken)
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.json()["error"]


def test_a_long_but_readable_file_name_is_kept_shortened(upload_url: str):
    answer = _post(upload_url, "B0undary", _multipart("B0undary", "p" * 1000 + ".csv"))
    assert answer.status_code in (201, 202), answer.text
    filename = answer.json()["filename"]
    assert len(filename) == 255 and filename.endswith(".csv"), "cut before the extension, which file_types checks"
