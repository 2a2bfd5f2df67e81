"""The raw, read-only, seekable stream that keeps its own position, under the blob readers (Redis
chunks, S3 objects) and a File's URL download.

Why one place: each of them answered ``readable``/``seekable``/``tell`` and checked a seek alike.
"""

from __future__ import annotations

import io


class SeekableReader(io.RawIOBase):
    """Subclasses give :meth:`_end` (the size ``SEEK_END`` counts from) and ``readinto`` from ``_pos``."""

    def __init__(self) -> None:
        super().__init__()
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def _end(self) -> int:
        """The stream's size, asked only by a seek from its end."""
        raise NotImplementedError

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            base = 0
        elif whence == io.SEEK_CUR:
            base = self._pos
        elif whence == io.SEEK_END:
            base = self._end()
        else:
            raise ValueError(f"invalid whence {whence!r}")
        if base + offset < 0:
            raise OSError(f"cannot seek to a negative position ({base + offset})")
        self._pos = base + offset
        return self._pos
