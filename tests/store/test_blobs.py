"""The blob store on a real Redis: chunked writes, streaming seekable reads, ids and deletion."""

from __future__ import annotations

import io
import uuid

import pytest

from viktorlite.store.blobs import CHUNK_SIZE, BlobStore


@pytest.fixture
def blobs(redis_client) -> BlobStore:
    return BlobStore(redis_client, f"blobs-{uuid.uuid4().hex[:8]}")


def pattern(size: int) -> bytes:
    """Bytes whose every 4-byte word is its own position: misplaced chunks show up."""
    words = (size + 3) // 4
    return b"".join(index.to_bytes(4, "big") for index in range(words))[:size]


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 9 * CHUNK_SIZE + 12345])
def test_bytes_and_streams_round_trip_at_chunk_boundaries(blobs, size):
    data = pattern(size)
    from_bytes = blobs.put(data)
    from_stream = blobs.put(io.BytesIO(data), filename="data.bin", content_type="application/octet-stream")
    assert blobs.open(from_bytes).read() == data
    with blobs.open(from_stream) as stream:
        assert stream.read() == data
    info = blobs.info(from_stream)
    assert (info.id, info.size, info.filename, info.content_type) == (
        from_stream,
        size,
        "data.bin",
        "application/octet-stream",
    )
    assert info.created_at.endswith("+00:00")


def test_reads_seek_anywhere_and_in_any_piece_size(blobs):
    data = pattern(5 * CHUNK_SIZE + 77)
    stream = blobs.open(blobs.put(data))
    assert stream.readable() and stream.seekable()
    stream.seek(CHUNK_SIZE - 3)
    assert stream.read(10) == data[CHUNK_SIZE - 3 : CHUNK_SIZE + 7]  # across a chunk boundary
    assert stream.tell() == CHUNK_SIZE + 7
    stream.seek(-5, io.SEEK_END)
    assert stream.read() == data[-5:]
    assert stream.read() == b""
    stream.seek(3 * CHUNK_SIZE)
    stream.seek(10, io.SEEK_CUR)
    assert stream.read(3 * CHUNK_SIZE) == data[3 * CHUNK_SIZE + 10 :]
    stream.seek(0)
    pieces = iter(lambda: stream.read(65536), b"")
    assert b"".join(pieces) == data


def test_text_lines_read_through_a_wrapper(blobs):
    text = "".join(f"line {n}\n" for n in range(200_000))  # about 2.3 MB: several chunks
    with io.TextIOWrapper(blobs.open(blobs.put(text.encode())), encoding="utf-8") as lines:
        assert lines.readline() == "line 0\n"
        assert sum(1 for _ in lines) == 199_999


def test_unknown_ids_and_deleted_blobs_raise_file_not_found(blobs):
    blob_id = blobs.put(b"x")
    blobs.delete(blob_id)
    for bad in (blob_id, "not-an-id", "0" * 32, f"{blob_id}:chunks"):
        with pytest.raises(FileNotFoundError):
            blobs.open(bad)
        with pytest.raises(FileNotFoundError):
            blobs.info(bad)
        with pytest.raises(FileNotFoundError):
            blobs.delete(bad)


def test_a_blob_deleted_while_it_is_read_fails_clearly(blobs):
    blob_id = blobs.put(pattern(20 * CHUNK_SIZE))
    stream = blobs.open(blob_id)
    stream.read(10)
    blobs.delete(blob_id)
    with pytest.raises(FileNotFoundError, match="was deleted while it was being read"):
        stream.read()


def test_a_failed_write_leaves_nothing_behind(blobs, redis_client):
    class Broken(io.RawIOBase):
        def __init__(self) -> None:
            self.calls = 0

        def read(self, size: int = -1) -> bytes:
            self.calls += 1
            if self.calls > 20:
                raise OSError("disk gone")
            return b"x" * size

    before = set(redis_client.scan_iter("viktorlite:blobs-*"))
    with pytest.raises(OSError, match="disk gone"):
        blobs.put(Broken())  # type: ignore[arg-type]
    assert set(redis_client.scan_iter("viktorlite:blobs-*")) == before


def test_text_streams_are_refused_with_a_clear_message(blobs):
    with pytest.raises(TypeError, match="open it in 'rb'"):
        blobs.put(io.StringIO("text"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not int"):
        blobs.put(42)  # type: ignore[arg-type]
