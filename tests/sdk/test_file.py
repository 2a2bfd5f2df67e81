"""``viktor.File``: data, path, URL (served by a real local HTTP server) and writable files."""

from __future__ import annotations

import http.server
import io
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import free_port
from viktorlite.sdk import File

BODY = b"".join(f"line {n}\n".encode() for n in range(100_000))  # about 1 MB


class _Handler(http.server.BaseHTTPRequestHandler):
    requests: list[dict[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        _Handler.requests.append({"path": self.path, "token": self.headers.get("X-Token", "")})
        if self.path == "/missing":
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_data_files_from_str_and_bytes():
    text = File.from_data("héllo\nworld\n")
    assert (text.source_type, text.source, text.writable) == (File.SourceType.DATA, None, False)
    assert text.getvalue() == "héllo\nworld\n"
    assert text.getvalue_binary() == "héllo\nworld\n".encode()
    with text.open() as handle:
        assert handle.readlines() == ["héllo\n", "world\n"]
    raw = File.from_data(b"\x00\x01")
    with raw.open_binary() as handle:
        handle.seek(1)
        assert (handle.read(), handle.tell()) == (b"\x01", 2)


def test_path_files_read_the_file_each_time(tmp_path: Path):
    path = tmp_path / "data.txt"
    path.write_text("one", encoding="utf-8")
    file = File.from_path(path)
    assert (file.source_type, file.source, file.writable) == (File.SourceType.PATH, str(path), False)
    assert file.getvalue("utf-8") == "one"
    path.write_text("two", encoding="utf-8")
    assert file.getvalue_binary() == b"two"
    with pytest.raises(FileNotFoundError):
        File.from_path(tmp_path / "absent").getvalue()


def test_writable_files_append_every_write(tmp_path: Path):
    file = File()
    assert file.writable and file.source_type is File.SourceType.WRITABLE
    with file.open_binary() as handle:
        handle.write(b"abc")
    with file.open(encoding="utf-8") as handle:
        assert handle.read() == "abc"
        handle.seek(0)
        handle.write("def")  # append-only: lands at the end whatever the position
    assert file.getvalue() == "abcdef"
    assert Path(file.source).parent == Path(tempfile.gettempdir())


def test_copies_are_local_path_or_writable_files():
    original = File.from_data(b"payload")
    copy = original.copy()
    assert copy.source_type is File.SourceType.PATH and copy.getvalue_binary() == b"payload"
    writable = original.copy(writable=True)
    with writable.open_binary() as handle:
        handle.write(b"+")
    assert writable.getvalue_binary() == b"payload+"
    assert original.getvalue_binary() == b"payload"


def test_url_files_download_lazily_on_every_open(server: str):
    file = File.from_url(f"{server}/data", headers={"X-Token": "secret"})
    assert (file.source_type, file.source, file.writable) == (File.SourceType.URL, f"{server}/data", False)
    assert _Handler.requests == []  # nothing is fetched before the first read
    with file.open_binary() as handle:
        assert handle.read(7) == b"line 0\n"
        handle.seek(-7, io.SEEK_END)
        assert handle.read() == BODY[-7:]
        handle.seek(0)
        assert handle.read(4) == b"line"
    assert file.getvalue() == BODY.decode()
    with file.open(encoding="ascii") as lines:
        assert sum(1 for _ in lines) == 100_000
    assert _Handler.requests == [{"path": "/data", "token": "secret"}] * 3


def test_url_files_fail_at_read_time_with_a_clear_message(server: str):
    closed_port = free_port()
    offline = File.from_url(f"http://127.0.0.1:{closed_port}/data")  # creating it is fine
    with pytest.raises(ConnectionError, match=rf"cannot download http://127.0.0.1:{closed_port}/data: .*offline"):
        offline.getvalue_binary()
    with pytest.raises(OSError, match="answered HTTP 404 Not Found"):
        File.from_url(f"{server}/missing").getvalue()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"data": "a", "path": "b"}, ValueError, "at most one of data, path or url, not data and path"),
        ({"data": 42}, TypeError, "File data must be str or bytes, not int"),
        ({"path": 42}, TypeError, "File path must be a str, bytes or path object, not int"),
        ({"url": "ftp://example.com/x"}, ValueError, "must start with http:// or https://"),
        ({"url": "https://example.com", "headers": {"a": 1}}, TypeError, "headers must be a dict of str to str"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        File(**kwargs)
