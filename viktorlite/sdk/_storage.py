"""``viktor.core.Storage``: the one durable place for results a later job reads back.

Re-exported from ``viktor.core``. Data lives in Redis (see :mod:`viktorlite.store.storage` and
:mod:`viktorlite.store.blobs`), so it survives jobs, workers and restarts. Scopes:

* ``"entity"``: a zone per entity (the job's own, or the one passed as ``entity=``);
* ``"workspace"``: one zone shared by every entity of the workspace;
* ``"session"``: a zone per editor session (the job's ``session_id``); a job that names no
  session gets a session zone per entity, deleted with the entity.
"""

from __future__ import annotations

import unicodedata
from itertools import chain
from typing import Any, Literal

from viktorlite.jobs import context as job_context
from viktorlite.store.blobs import CHUNK_SIZE, chunks_of
from viktorlite.store.entities import EntityNotFound, EntityStore
from viktorlite.store.storage import StorageZones, entity_zone, session_zone, workspace_zone

from ._file import File
from .errors import EntityNotFoundError

__all__ = ["Storage"]

SCOPES = ("entity", "workspace", "session")
MAX_KEY_LENGTH = 256

Scope = Literal["entity", "workspace", "session"]


class Storage:
    """Set, get, list and delete files by key in a scope (keyword-only ``scope``)."""

    def set(self, key: str, data: File, *, scope: Scope, entity: Any = None) -> None:
        """Store ``data`` under ``key``, replacing what was there."""
        _check_key(key)
        if not isinstance(data, File):
            raise TypeError(f"Storage.set: data must be a viktor.File, not {type(data).__name__}")
        context, zones, zone = _zone(scope, entity)
        with data.open_binary() as source:
            head = source.read(CHUNK_SIZE)
            more = source.read(1) if len(head) == CHUNK_SIZE else b""
            if not more:  # one chunk at most: blob and key in one round trip
                zones.set_small(zone, key, head, filename=key)
                return
            second = more + source.read(CHUNK_SIZE - 1)
            blob_id = zones.blobs.put_chunks(chain((head, second), chunks_of(source)), filename=key)
        zones.set(zone, key, blob_id)

    def get(self, key: str, *, scope: Scope, entity: Any = None) -> File:
        """The file stored under ``key``; ``FileNotFoundError`` when there is none."""
        _check_key(key)
        context, zones, zone = _zone(scope, entity)
        try:
            found = zones.find(zone, key)  # a small object's bytes come along: one round trip
        except FileNotFoundError:
            raise FileNotFoundError(f"Storage: no key {key!r} in {_describe(scope, zone)}") from None
        return File._from_blob(zones.blobs, found.blob_id, context.app, data=found.data)

    def delete(self, key: str, *, scope: Scope, entity: Any = None) -> None:
        _check_key(key)
        _, zones, zone = _zone(scope, entity)
        try:
            zones.delete(zone, key)
        except FileNotFoundError:
            raise FileNotFoundError(f"Storage: no key {key!r} in {_describe(scope, zone)}") from None

    def list(self, *, prefix: str | None = None, scope: Scope, entity: Any = None) -> dict[str, File]:
        """Key -> file for every key in the scope, or only those starting with ``prefix``."""
        if prefix is not None and not isinstance(prefix, str):
            raise TypeError(f"Storage.list: prefix must be a str or None, not {type(prefix).__name__}")
        context, zones, zone = _zone(scope, entity)
        return {
            key: File._from_blob(zones.blobs, blob_id, context.app) for key, blob_id in zones.list(zone, prefix).items()
        }


def _check_key(key: object) -> None:
    if not isinstance(key, str):
        raise TypeError(f"Storage key must be a str, not {type(key).__name__}")
    if not key:
        raise ValueError("Storage key must not be empty")
    if len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"Storage key is {len(key)} characters long; at most {MAX_KEY_LENGTH} are allowed")
    for position, char in enumerate(key):
        if unicodedata.category(char) == "Cc":
            raise ValueError(f"Storage key must not contain control characters ({char!r} at position {position})")


def _entity_id(entity: Any) -> int:
    """The id of an ``api_v1.Entity`` (or anything with an int ``id``, or an int)."""
    candidate = getattr(entity, "id", entity)
    if isinstance(candidate, bool) or not isinstance(candidate, int):
        raise TypeError(f"Storage: entity must be an Entity (as the API returns it), not {type(entity).__name__}")
    return candidate


def _zone(scope: object, entity: Any) -> tuple[job_context.JobContext, StorageZones, str]:
    if scope not in SCOPES:
        raise ValueError(f"Storage: scope must be one of {', '.join(map(repr, SCOPES))}, not {scope!r}")
    context = job_context.current()
    zones = StorageZones(context.connection, context.app)
    if scope == "workspace":
        return context, zones, workspace_zone(context.workspace_id)
    if scope == "session":
        return context, zones, session_zone(context.session_id, context.entity_id)
    entity_id = _entity_id(entity) if entity is not None else context.entity_id
    if entity_id is None:
        raise EntityNotFoundError("Storage: this job has no entity; pass entity= or use another scope")
    try:
        EntityStore(context.connection, context.app).get(entity_id)
    except EntityNotFound:
        raise EntityNotFoundError(f"Storage: entity {entity_id} does not exist (was it deleted?)") from None
    return context, zones, entity_zone(entity_id)


def _describe(scope: str, zone: str) -> str:
    if scope == "entity":
        return f"the storage of entity {zone.split(':', 1)[1]}"
    return f"the {scope} storage"
