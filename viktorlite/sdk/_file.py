"""``viktor.core.File``: bytes from memory, a local path, a URL or Storage, read the same way.

Re-exported from ``viktor.core``. Files from Storage and uploads are backed by
:mod:`viktorlite.store.blobs` and stream in chunks; URL files download lazily, on the first read of
every ``open``, so a machine without network fails at read time with a message naming the URL.
"""

from __future__ import annotations

import io
import locale
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Mapping
from enum import Enum
from typing import IO, TYPE_CHECKING, Any, BinaryIO, TextIO

from viktorlite.store.seekable_reader import SeekableReader

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

    from viktorlite.store.blobs import BlobStore

__all__ = ["File"]

_URL_SCHEMES = ("http://", "https://")
_DOWNLOAD_PIECE = 1 << 20
_URL_TIMEOUT_SECONDS = 30
#: A URL file keeps what it downloaded in memory up to this size, then on the temp disk.
_URL_CACHE_IN_MEMORY = 8 << 20


class File:
    """A file an app reads or writes; at most one of ``data``, ``path``, ``url``; none = writable."""

    class SourceType(Enum):
        DATA = "data"
        PATH = "path"
        URL = "url"
        WRITABLE = "writable"

    def __init__(
        self,
        *,
        data: str | bytes | None = None,
        path: str | bytes | os.PathLike[str] | os.PathLike[bytes] | None = None,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        given = [name for name, value in (("data", data), ("path", path), ("url", url)) if value is not None]
        if len(given) > 1:
            raise ValueError(f"File takes at most one of data, path or url, not {' and '.join(given)}")
        headers = kwargs.pop("headers", None)
        if kwargs:
            from .core import _warn_ignored_kwargs

            _warn_ignored_kwargs("File", kwargs)
        self._data: str | bytes | None = None
        self._path: str | None = None
        self._url: str | None = None
        self._headers: dict[str, str] = {}
        self._blob: tuple[BlobStore, str] | None = None
        self._blob_data: bytes | None = None  # a small blob's bytes, read with its id
        if data is not None:
            if isinstance(data, (bytearray, memoryview)):
                data = bytes(data)
            if not isinstance(data, (str, bytes)):
                raise TypeError(f"File data must be str or bytes, not {type(data).__name__}")
            self._data, self._type = data, File.SourceType.DATA
        elif path is not None:
            try:
                self._path = os.fsdecode(path)
            except TypeError:
                raise TypeError(f"File path must be a str, bytes or path object, not {type(path).__name__}") from None
            self._type = File.SourceType.PATH
        elif url is not None:
            self._url, self._headers = _checked_url(url, headers), dict(headers or {})
            self._type = File.SourceType.URL
        else:
            handle, self._path = tempfile.mkstemp(prefix="viktor-file-")
            os.close(handle)
            self._type = File.SourceType.WRITABLE

    # -- constructors -----------------------------------------------------------------------------

    @classmethod
    def from_data(cls, data: str | bytes) -> File:
        return cls(data=data)

    @classmethod
    def from_path(cls, path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> File:
        return cls(path=path)

    @classmethod
    def from_url(cls, url: str, *, headers: Mapping[str, str] | None = None) -> File:
        """A file at ``url``; nothing is downloaded until it is read."""
        return cls(url=url, headers=headers)

    @classmethod
    def _from_blob(cls, store: BlobStore, blob_id: str, app: str, *, data: bytes | None = None) -> File:
        """A file whose bytes are a blob in Redis (Storage, uploads); read lazily, in chunks, unless the
        caller read a small blob's ``data`` already (in the same round trip as its id)."""
        file = cls(data=b"")
        file._data, file._type = None, File.SourceType.URL
        file._blob, file._url = (store, blob_id), f"viktorlite://{app}/blobs/{blob_id}"
        file._blob_data = data
        return file

    # -- properties -------------------------------------------------------------------------------

    @property
    def source(self) -> str | None:
        """None for data, the file path for path and writable files, the URL for URL files."""
        return self._url if self._type is File.SourceType.URL else self._path

    @property
    def source_type(self) -> File.SourceType:
        return self._type

    @property
    def writable(self) -> bool:
        return self._type is File.SourceType.WRITABLE

    def __repr__(self) -> str:
        return f"File(source_type={self._type.name}, source={self.source!r})"

    # -- reading and writing ----------------------------------------------------------------------

    def open_binary(self) -> BinaryIO:
        """A binary stream; a writable file's stream appends every write at the end."""
        if self._type is File.SourceType.DATA:
            return io.BytesIO(self._data_bytes())
        if self._type is File.SourceType.WRITABLE:
            return self._open_writable("a+b", None)  # type: ignore[return-value]
        if self._blob_data is not None:
            return io.BytesIO(self._blob_data)
        if self._blob is not None:
            store, blob_id = self._blob
            return store.open(blob_id)
        if self._type is File.SourceType.URL:
            assert self._url is not None
            return io.BufferedReader(_UrlReader(self._url, self._headers))
        assert self._path is not None
        return open(self._path, "rb")  # noqa: SIM115 - the caller closes it

    def open(self, encoding: str | None = None) -> TextIO:
        """A text stream (``encoding`` defaults to the machine's preferred encoding)."""
        if self._type is File.SourceType.DATA and isinstance(self._data, str):
            return io.StringIO(self._data)
        if self._type is File.SourceType.WRITABLE:
            return self._open_writable("a+", encoding)  # type: ignore[return-value]
        if self._type is File.SourceType.PATH:
            assert self._path is not None
            return open(self._path, encoding=encoding)  # noqa: SIM115 - the caller closes it
        return io.TextIOWrapper(self.open_binary(), encoding=encoding)

    def getvalue(self, encoding: str | None = None) -> str:
        """The whole file as text, in memory: for big files read :meth:`open` in pieces instead."""
        if self._type is File.SourceType.DATA:
            data = self._data
            if isinstance(data, str):
                return data
            try:
                return self._data_bytes().decode(encoding or _local_encoding())
            except UnicodeDecodeError:
                if encoding:
                    raise
                raise ValueError(  # the SDK's error when no encoding was given
                    f"Could not decode the data with the default encoding ({_local_encoding()}). "
                    "Please provide the correct encoding explicitly."
                ) from None
        with self.open(encoding) as handle:
            return handle.read()

    def getvalue_binary(self) -> bytes:
        """The whole file as bytes, in memory: for big files read :meth:`open_binary` in chunks."""
        if self._type is File.SourceType.DATA:
            return self._data_bytes()
        with self.open_binary() as handle:
            return handle.read()

    def copy(self, writable: bool = False) -> File:
        """A copy on the local (temp) disk: a writable file if ``writable``, else a path file."""
        copied = File()
        assert copied._path is not None
        with self.open_binary() as source, open(copied._path, "wb") as target:
            shutil.copyfileobj(source, target, _DOWNLOAD_PIECE)
        return copied if writable else File(path=copied._path)

    def _data_bytes(self) -> bytes:
        data = self._data
        assert data is not None
        return data.encode() if isinstance(data, str) else data

    def _open_writable(self, mode: str, encoding: str | None) -> IO[Any]:
        assert self._path is not None
        handle = open(self._path, mode, encoding=encoding)  # noqa: SIM115 - the caller closes it
        handle.seek(0)  # reads start at the beginning; writes still go to the end (append mode)
        return handle


def _local_encoding() -> str:
    return locale.getpreferredencoding(False)


def _checked_url(url: object, headers: object) -> str:
    if not isinstance(url, str):
        raise TypeError(f"File url must be a str, not {type(url).__name__}")
    if not url.lower().startswith(_URL_SCHEMES):
        raise ValueError(f"File url must start with http:// or https://, not {url!r}")
    if headers is not None and not (
        isinstance(headers, Mapping) and all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items())
    ):
        raise TypeError("File headers must be a dict of str to str")
    return url


class _UrlReader(SeekableReader):
    """Downloads a URL only as far as it is read; what was read stays seekable until closed."""

    def __init__(self, url: str, headers: Mapping[str, str]) -> None:
        super().__init__()
        self.name = url
        self._url = url
        self._headers = dict(headers)
        self._response: Any = None
        self._finished = False
        self._downloaded = 0
        self._cache = tempfile.SpooledTemporaryFile(max_size=_URL_CACHE_IN_MEMORY)  # noqa: SIM115 - closed in close()

    def _end(self) -> int:
        self._download(None)
        return self._downloaded

    def readinto(self, buffer: WriteableBuffer) -> int:
        target = memoryview(buffer).cast("B")
        self._download(self._pos + len(target))
        self._cache.seek(self._pos)
        data = self._cache.read(len(target))
        target[: len(data)] = data
        self._pos += len(data)
        return len(data)

    def readall(self) -> bytes:
        self._download(None)
        self._cache.seek(self._pos)
        data = self._cache.read()
        self._pos += len(data)
        return data

    def close(self) -> None:
        if self._response is not None:
            self._response.close()
        self._cache.close()
        super().close()

    def _download(self, up_to: int | None) -> None:
        """Download until ``up_to`` bytes are cached (None: everything)."""
        while not self._finished and (up_to is None or self._downloaded < up_to):
            if self._response is None:
                self._response = self._connect()
            try:
                piece = self._response.read(_DOWNLOAD_PIECE)
            except OSError as exc:
                raise ConnectionError(f"File.from_url: the download of {self._url} broke off: {exc}") from None
            if not piece:
                self._finished = True
                self._response.close()
                return
            self._cache.seek(0, io.SEEK_END)
            self._cache.write(piece)
            self._downloaded += len(piece)

    def _connect(self) -> Any:
        request = urllib.request.Request(self._url, headers=self._headers)
        try:
            return urllib.request.urlopen(request, timeout=_URL_TIMEOUT_SECONDS)  # noqa: S310 - http(s) only
        except urllib.error.HTTPError as exc:
            raise OSError(f"File.from_url: {self._url} answered HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ConnectionError(
                f"File.from_url: cannot download {self._url}: {reason} "
                "(is this machine offline, or the host unreachable from it?)"
            ) from None
