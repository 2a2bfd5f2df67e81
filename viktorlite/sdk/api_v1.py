"""``viktor.api_v1`` (first slice): uploaded files as ``FileResource`` and a minimal ``Entity``.

Everything here reads through the running job (:func:`viktorlite.job_context.current`); outside
a job it fails as the platform's API does. The rest of the API (``API``, navigation, mutations)
comes in a later issue.
"""

from __future__ import annotations

from typing import Any, BinaryIO, TextIO

from munch import Munch, munchify

from .. import job_context
from ..blobs import BlobStore
from ..entities import EntityNotFound, EntityRecord, EntityStore
from ._file import File
from .errors import EntityNotFoundError

__all__ = ["Entity", "FileResource", "Munch"]


class FileResource:
    """An uploaded file (the value of a FileField); ``source_id`` is the id of its blob."""

    def __init__(self, workspace_id: int, source_id: str, api: Any = None) -> None:
        self.workspace_id = workspace_id
        self.source_id = source_id
        self._api = api

    def __repr__(self) -> str:
        return f"FileResource(workspace_id={self.workspace_id!r}, source_id={self.source_id!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileResource):
            return NotImplemented
        return (self.workspace_id, self.source_id) == (other.workspace_id, other.source_id)

    def __hash__(self) -> int:
        return hash((self.workspace_id, self.source_id))

    @property
    def file(self) -> File:
        """The uploaded bytes as a (URL-type) File; nothing is read until the file is opened."""
        context = job_context.current()
        return File._from_blob(BlobStore(context.connection, context.app), self.source_id, context.app)

    @property
    def filename(self) -> str:
        context = job_context.current()
        info = BlobStore(context.connection, context.app).info(self.source_id)
        return info.filename or self.source_id

    def open(self, encoding: str | None = None) -> TextIO:
        return self.file.open(encoding)

    def open_binary(self) -> BinaryIO:
        return self.file.open_binary()


class Entity:
    """An entity of this app, read through the running job: id, name and last saved params."""

    def __init__(self, entity_id: int, *, record: EntityRecord | None = None) -> None:
        self._id = entity_id
        self._record = record

    def __repr__(self) -> str:
        return f"Entity(id={self._id!r})"

    @property
    def id(self) -> int:
        return self._id

    @property
    def name(self) -> str:
        return self._load().name

    @property
    def last_saved_params(self) -> Munch:
        try:
            revision = self._store().latest_revision(self._id)
        except EntityNotFound as exc:
            raise EntityNotFoundError(str(exc)) from None
        params: Munch = munchify(revision.params)
        return params

    def _store(self) -> EntityStore:
        context = job_context.current()
        return EntityStore(context.connection, context.app)

    def _load(self) -> EntityRecord:
        if self._record is None:
            try:
                self._record = self._store().get(self._id)
            except EntityNotFound as exc:
                raise EntityNotFoundError(str(exc)) from None
        return self._record
