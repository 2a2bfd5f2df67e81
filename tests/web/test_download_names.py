"""Download names keep their spaces, brackets and letters (issue 17, item 10).

The web process sends every blob with an RFC 6266 ``Content-Disposition``: an ASCII ``filename=``
fallback and the exact name as ``filename*=UTF-8''...`` (RFC 5987); only what is unsafe in a header
or on a disk (control characters, quotes in the fallback, path separators) is replaced.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from viktorlite.store.blobs import BlobStore

DISPOSITION = re.compile(r'(inline|attachment); filename="((?:[^"\\]|\\.)*)"; filename\*=UTF-8\'\'([^;\s"]+)')


def saved_as(disposition: str) -> tuple[str, str, str]:
    """(kind, filename=, filename*= decoded), read as RFC 6266 says; nothing else in the header."""
    match = DISPOSITION.fullmatch(disposition)
    assert match, disposition
    return match[1], match[2], unquote(match[3], encoding="utf-8", errors="strict")


@pytest.mark.parametrize(
    ("stored", "exact", "fallback"),
    [
        ("Beam report (v2) [final].pdf", "Beam report (v2) [final].pdf", "Beam report (v2) [final].pdf"),
        ("Ontwerp brug – fase 2 (é).xlsx", "Ontwerp brug – fase 2 (é).xlsx", "Ontwerp brug _ fase 2 (e).xlsx"),
        (
            'evil"; filename=x.exe\r\nX-Injected: 1.bin',
            'evil"; filename=x.exe__X-Injected: 1.bin',
            "evil_; filename=x.exe__X-Injected: 1.bin",
        ),
        ("../../etc/passwd", ".._.._etc_passwd", ".._.._etc_passwd"),
        ("", "download", "download"),
    ],
)
def test_a_download_is_saved_under_its_own_name(publish_app, stored, exact, fallback):
    published = publish_app("calculator")
    blob_id = BlobStore(published.pool_redis(), published.name).put(b"data", filename=stored or None)
    with published.client() as client:
        response = client.get(f"/api/blobs/{blob_id}", params={"download": "1"})
        inline = client.get(f"/api/blobs/{blob_id}")
    assert response.status_code == 200 and response.content == b"data"
    assert "x-injected" not in response.headers
    disposition = response.headers["content-disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert saved_as(disposition) == ("attachment", fallback, exact)
    assert saved_as(inline.headers["content-disposition"])[0] == "inline"
