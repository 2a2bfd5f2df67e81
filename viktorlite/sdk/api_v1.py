"""``viktor.api_v1``: the app's entities and uploaded files, reached from inside a job.

Everything here works through the running job (:func:`viktorlite.jobs.context.current`); outside
a job it fails as the platform's API does (``OSError``: "Job token is not set"). ``API`` is the
entry point (an entity by id, the root entities, the entities of a type); ``Entity`` navigates
and changes the tree (viktorlite/sdk/_api_entities.py).
"""

from __future__ import annotations

from typing import Any, BinaryIO, TextIO

from munch import Munch

from viktorlite.jobs import context as job_context
from viktorlite.store.blobs import BlobStore

from ._api import API
from ._api_entities import (
    Entity,
    EntityList,
    EntityRevision,
    EntityRevisionList,
    EntityType,
    EntityTypeList,
    User,
)
from ._api_workspaces import App, AppVersion, Job, Label, Workspace, WorkspaceList
from ._file import File

# Names the SDK's api_v1 module exposes too.
from .core import Color as Color
from .errors import BadRequestError as BadRequestError
from .errors import ComputeError as ComputeError
from .errors import EntityCreateError as EntityCreateError
from .errors import EntityDeleteError as EntityDeleteError
from .errors import EntityNotFoundError as EntityNotFoundError
from .errors import EntityReviseError as EntityReviseError
from .errors import InternalError as InternalError
from .errors import PermissionDeniedError as PermissionDeniedError
from .errors import PreconditionFailedError as PreconditionFailedError
from .errors import ResourceNotFoundError as ResourceNotFoundError

__all__ = [
    "API",
    "App",
    "AppVersion",
    "ChatConversation",
    "Entity",
    "EntityList",
    "EntityRevision",
    "EntityRevisionList",
    "EntityType",
    "EntityTypeList",
    "File",
    "FileResource",
    "Job",
    "Label",
    "Munch",
    "User",
    "Workspace",
    "WorkspaceList",
]


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


class ChatConversation:
    """The conversation of a Chat field, as its method receives it (``params.chat``).

    viktorlite's editor has no chat box yet, so a conversation starts empty; ``get_messages``
    gives the messages in the SDK's form, ``{"role": "user" | "assistant", "content": str}``.
    """

    def __init__(self, *, api: Any, workspace_id: int, entity_id: int, latest_exchange_id: int) -> None:
        self.workspace_id = workspace_id
        self.entity_id = entity_id
        self.latest_exchange_id = latest_exchange_id
        self._messages: list[dict[str, str]] = []

    def get_messages(self) -> list[dict[str, str]]:
        return [dict(message) for message in self._messages]
