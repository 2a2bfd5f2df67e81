"""Entities and their params revisions, kept durably in Redis.

Every save appends a full params snapshot as a new revision; params are never rewritten in
place, so a bad save can always be undone by reading an older revision. A revision says how it
was made (``kind``: a manual save, an autosave, a restore) and may carry a name (``label``); a
named save of exactly what the last autosave holds names that autosave instead of repeating it.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any

from redis import Redis
from redis.exceptions import WatchError

from viktorlite.store.blobs import BlobStore
from viktorlite.store.entity_events import announce
from viktorlite.store.entity_index import EntityIndex, PageQuery
from viktorlite.store.keys import Keys
from viktorlite.store.slow_views import SlowViewResults
from viktorlite.store.storage import StorageZones, entity_zone, session_zone
from viktorlite.store.upload_lifetime import KEEP_UPLOADS, kept_blob_keys, referenced_blob_ids


class EntityNotFound(LookupError):
    """No entity has this id."""


@dataclass(frozen=True)
class EntityRecord:
    id: int
    name: str
    entity_type: str
    parent_id: int | None
    created_at: str
    #: The blob of the file a file entity type was created from (``Entity.get_file()``).
    file_id: str | None = None
    #: Set for the private, unsaved session entity of an editor app (Storage scope "session").
    session_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Revision:
    revision: int
    params: dict[str, Any]
    created_at: str
    author: str
    #: "manual" (the Save button, the API), "auto" (the editor's autosave) or "restore".
    kind: str = "manual"
    #: The name a manual save gave it.
    label: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class StaleRevision(Exception):
    """A save based on an older revision than the latest (someone saved meanwhile)."""


# KEYS: revision counter, revisions list, then the keys of the uploads the params name; ARGV: the
# revision's JSON fields except its number, as one JSON object text without its opening brace -> the
# revision number. The params JSON is spliced in as text, never decoded by Lua (cjson would turn {}
# into [] and round long numbers). The uploads lose their time to live in the same step (INCR comes
# first: a full Redis refuses it before anything is written).
_APPEND_REVISION = (
    """
local number = redis.call('INCR', KEYS[1])
redis.call('RPUSH', KEYS[2], '{"revision": ' .. number .. ', ' .. ARGV[1])
"""
    + KEEP_UPLOADS.format(first=3)
    + "return number\n"
)
#: KEYS: :func:`kept_blob_keys`. Run before an entity is created: at worst an upload is kept whose
#: entity then failed to be made, never an entity made whose upload expires.
_KEEP_UPLOADS = KEEP_UPLOADS.format(first=1)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class EntityStore:
    """CRUD for one app's entities; every method is one or two Redis round trips."""

    def __init__(self, connection: Redis, app: str) -> None:
        self._redis = connection
        self._keys = Keys(app)
        self._append_revision = connection.register_script(_APPEND_REVISION)
        self._keep_uploads = connection.register_script(_KEEP_UPLOADS)
        self._app = app
        self._index = EntityIndex(connection, self._keys.prefix)

    def create(
        self,
        entity_type: str,
        name: str,
        params: dict[str, Any],
        *,
        parent_id: int | None = None,
        author: str = "local user",
        file_id: str | None = None,
        session_id: str | None = None,
    ) -> EntityRecord:
        entity_id = int(self._redis.incr(self._keys.next_entity_id))
        record = EntityRecord(entity_id, name, entity_type, parent_id, _now(), file_id, session_id)
        first = Revision(1, params, record.created_at, author)
        first_json = json.dumps(first.to_json())
        uploads = kept_blob_keys(self._keys, referenced_blob_ids(first_json, file_id))
        if uploads:
            self._keep_uploads(keys=uploads)
        with self._redis.pipeline() as pipe:
            pipe.set(self._keys.entity(entity_id), json.dumps(record.to_json()))
            pipe.rpush(self._keys.revisions(entity_id), first_json)
            pipe.set(self._keys.revision_counter(entity_id), first.revision)
            pipe.zadd(self._keys.entity_ids, {str(entity_id): entity_id})
            if session_id is None:
                self._index.add(pipe, entity_id, name, entity_type, parent_id)
            pipe.execute()
        self._announce("created", record, revision=1, author=author)
        return record

    def get(self, entity_id: int) -> EntityRecord:
        raw = self._redis.get(self._keys.entity(entity_id))
        if raw is None:
            raise EntityNotFound(f"entity {entity_id} does not exist")
        return EntityRecord(**json.loads(raw))

    def all(self) -> list[EntityRecord]:
        ids = [int(member) for member in self._redis.zrange(self._keys.entity_ids, 0, -1)]  # type: ignore[arg-type]
        if not ids:
            return []
        raws = self._redis.mget([self._keys.entity(entity_id) for entity_id in ids])
        return [EntityRecord(**json.loads(raw)) for raw in raws if raw is not None]

    def page(self, query: PageQuery) -> tuple[list[EntityRecord], int]:
        """A page of the saved entities, ordered and filtered by the index; and how many match in all."""
        if not self._index.is_built():
            self._index.rebuild(self.all())
        ids, total = self._index.page(query)
        if not ids:
            return [], total
        raws = self._redis.mget([self._keys.entity(entity_id) for entity_id in ids])
        return [EntityRecord(**json.loads(raw)) for raw in raws if raw is not None], total

    def latest_revision(self, entity_id: int) -> Revision:
        self.get(entity_id)
        raw = self._redis.lindex(self._keys.revisions(entity_id), -1)
        if raw is None:
            raise EntityNotFound(f"entity {entity_id} has no saved params")
        return Revision(**json.loads(raw))

    def revisions(self, entity_id: int) -> list[Revision]:
        self.get(entity_id)
        raws = self._redis.lrange(self._keys.revisions(entity_id), 0, -1)
        return [Revision(**json.loads(raw)) for raw in raws]

    def save_params(
        self,
        entity_id: int,
        params: dict[str, Any],
        *,
        author: str = "local user",
        kind: str = "manual",
        label: str | None = None,
        base_revision: int | None = None,
    ) -> Revision:
        """Append a new revision holding ``params``; returns it.

        Numbering and appending happen in one server-side step, so two concurrent saves become
        two whole revisions in the order they were numbered, never a mix. With ``base_revision``
        (an autosave) the save is refused with :class:`StaleRevision` when a newer revision exists.
        A named manual save of the params the latest revision autosaved by the same author names
        that revision (kind "manual", ``label``) instead of appending the same params again; an
        unnamed manual save always appends (as on the platform, even when nothing changed).
        """
        record = self.get(entity_id)
        if base_revision is not None:
            latest = self.latest_revision(entity_id)
            if latest.revision != base_revision:
                raise StaleRevision(f"revision {latest.revision} was saved after revision {base_revision}")
        if kind == "manual" and label is not None:
            named = self._name_autosave(entity_id, params, author, label)
            if named is not None:
                self._announce("saved", record, revision=named.revision, author=author)
                return named
        created_at = _now()
        fields: dict[str, Any] = {"params": params, "created_at": created_at, "author": author, "kind": kind}
        if label is not None:
            fields["label"] = label
        rest = json.dumps(fields)[1:]
        uploads = kept_blob_keys(self._keys, referenced_blob_ids(rest))
        number = int(
            self._append_revision(
                keys=[self._keys.revision_counter(entity_id), self._keys.revisions(entity_id), *uploads], args=[rest]
            )
        )
        self._announce("saved", record, revision=number, author=author)
        return Revision(number, params, created_at, author, kind, label)

    def _name_autosave(self, entity_id: int, params: dict[str, Any], author: str, label: str | None) -> Revision | None:
        """Mark the latest revision manual (and name it) if it is an autosave of ``params`` by ``author``."""
        key = self._keys.revisions(entity_id)
        with self._redis.pipeline() as pipe:
            try:
                pipe.watch(key)
                raw = pipe.lindex(key, -1)
                if raw is None:
                    return None
                latest = Revision(**json.loads(raw))
                if latest.kind != "auto" or latest.author != author or latest.params != params:
                    return None
                named = replace(latest, kind="manual", label=label)
                pipe.multi()
                pipe.lset(key, -1, json.dumps(named.to_json()))
                pipe.execute()
                return named
            except WatchError:  # another save came in between: append as usual
                return None

    def revision(self, entity_id: int, number: int) -> Revision:
        for revision in self.revisions(entity_id):
            if revision.revision == number:
                return revision
        raise EntityNotFound(f"entity {entity_id} has no revision {number}")

    def latest_params(self, entity_ids: list[int]) -> dict[int, dict[str, Any]]:
        """The last saved params of many entities in one round trip (missing ones left out)."""
        with self._redis.pipeline(transaction=False) as pipe:
            for entity_id in entity_ids:
                pipe.lindex(self._keys.revisions(entity_id), -1)
            raws = pipe.execute()
        return {i: json.loads(raw)["params"] for i, raw in zip(entity_ids, raws, strict=True) if raw is not None}

    def last_saves(self, entity_ids: list[int]) -> dict[int, tuple[str, str]]:
        """When and by whom each entity was last saved, in one round trip (for the entity lists)."""
        with self._redis.pipeline(transaction=False) as pipe:
            for entity_id in entity_ids:
                pipe.lindex(self._keys.revisions(entity_id), -1)
            raws = pipe.execute()
        saves: dict[int, tuple[str, str]] = {}
        for entity_id, raw in zip(entity_ids, raws, strict=True):
            if raw is not None:
                revision = json.loads(raw)
                saves[entity_id] = (str(revision.get("created_at", "")), str(revision.get("author", "")))
        return saves

    def rename(self, entity_id: int, name: str) -> EntityRecord:
        old = self.get(entity_id)
        record = replace(old, name=name)
        with self._redis.pipeline() as pipe:
            pipe.set(self._keys.entity(entity_id), json.dumps(record.to_json()))
            if record.session_id is None:
                self._index.renamed(pipe, entity_id, old.parent_id, old.name, name)
            pipe.execute()
        self._announce("renamed", record)
        return record

    def move(self, entity_id: int, parent_id: int | None) -> EntityRecord:
        """Give the entity another parent (None: top level); refuses to make a cycle."""
        ancestor = parent_id
        while ancestor is not None:
            if ancestor == entity_id:
                raise ValueError(f"entity {entity_id} cannot be moved below itself")
            ancestor = self.get(ancestor).parent_id
        old = self.get(entity_id)
        record = replace(old, parent_id=parent_id)
        with self._redis.pipeline() as pipe:
            pipe.set(self._keys.entity(entity_id), json.dumps(record.to_json()))
            if record.session_id is None:
                self._index.moved(pipe, entity_id, old.name, old.parent_id, parent_id)
            pipe.execute()
        self._announce("moved", record)
        return record

    def children(self, parent_id: int | None) -> list[EntityRecord]:
        """The saved entities below ``parent_id`` (None: the top level); editor sessions are private."""
        return [r for r in self.all() if r.parent_id == parent_id and r.session_id is None]

    def find(self, entity_type: str, name: str, parent_id: int | None) -> EntityRecord | None:
        for record in self.children(parent_id):
            if record.entity_type == entity_type and record.name == name:
                return record
        return None

    def set_summary(self, entity_id: int, revision: int, summary: dict[str, Any]) -> None:
        """Keep the summary computed for ``revision`` (ignored if a newer revision has one already)."""
        record = self.get(entity_id)
        key = self._keys.summary(entity_id)
        current = self._redis.get(key)
        if current is not None and json.loads(current)["revision"] > revision:
            return
        self._redis.set(key, json.dumps({"revision": revision, "items": summary}))
        self._announce("summary", record, revision=revision)

    def summary(self, entity_id: int) -> dict[str, Any]:
        raw = self._redis.get(self._keys.summary(entity_id))
        return json.loads(raw)["items"] if raw is not None else {}

    def summary_revision(self, entity_id: int) -> int:
        """The revision the kept summary was computed for (0: none yet)."""
        raw = self._redis.get(self._keys.summary(entity_id))
        return int(json.loads(raw)["revision"]) if raw is not None else 0

    def summaries(self, entity_ids: list[int]) -> dict[int, dict[str, Any]]:
        """The summaries of many entities in one round trip (entities without one left out)."""
        if not entity_ids:
            return {}
        raws = self._redis.mget([self._keys.summary(entity_id) for entity_id in entity_ids])
        return {i: json.loads(raw)["items"] for i, raw in zip(entity_ids, raws, strict=True) if raw is not None}

    def delete(self, entity_id: int) -> list[int]:
        """Delete an entity with its children, their revisions and their Storage zones; returns the ids.

        Children go too: a child without its parent could never be reached again in a tree app.
        """
        record = self.get(entity_id)
        doomed = [entity_id]
        records = self.all()
        for parent_id in doomed:  # grows while it is walked: breadth-first over the subtree
            doomed.extend(r.id for r in records if r.parent_id == parent_id and r.id not in doomed)
        files = [r.file_id for r in records if r.id in doomed and r.file_id is not None]
        sessions = {r.id: r.session_id for r in records if r.id in doomed and r.session_id is not None}
        zones = StorageZones(self._redis, self._app)
        by_id = {r.id: r for r in records}
        for doomed_id in reversed(doomed):
            with self._redis.pipeline() as pipe:
                pipe.zrem(self._keys.entity_ids, str(doomed_id))
                gone = by_id.get(doomed_id)
                if gone is not None and gone.session_id is None:
                    self._index.remove(pipe, doomed_id, gone.name, gone.entity_type, gone.parent_id)
                pipe.delete(
                    self._keys.entity(doomed_id),
                    self._keys.revisions(doomed_id),
                    self._keys.revision_counter(doomed_id),
                    self._keys.summary(doomed_id),
                )
                pipe.execute()
            SlowViewResults(self._redis, self._app).drop(doomed_id)
            zones.drop(entity_zone(doomed_id))
            zones.drop(session_zone(None, doomed_id))
            if doomed_id in sessions:  # an editor session's own zone (Storage scope "session")
                zones.drop(session_zone(sessions[doomed_id], doomed_id))
        blobs = BlobStore(self._redis, self._app)
        for file_id in files:
            with contextlib.suppress(FileNotFoundError):
                blobs.delete(file_id)
        self._announce("deleted", record, ids=doomed)
        return doomed

    def _announce(self, change: str, record: EntityRecord, **details: Any) -> None:
        announce(self._redis, self._app, change, record, **details)
