"""Entities and their params revisions, kept durably in Redis.

Every save appends a full params snapshot as a new revision; nothing is ever rewritten in
place, so a bad save can always be undone by reading an older revision.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from redis import Redis

from .keys import Keys
from .storage import StorageZones, entity_zone, session_zone


class EntityNotFound(LookupError):
    """No entity has this id."""


@dataclass(frozen=True)
class EntityRecord:
    id: int
    name: str
    entity_type: str
    parent_id: int | None
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Revision:
    revision: int
    params: dict[str, Any]
    created_at: str
    author: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class EntityStore:
    """CRUD for one app's entities; every method is one or two Redis round trips."""

    def __init__(self, connection: Redis, app: str) -> None:
        self._redis = connection
        self._keys = Keys(app)
        self._app = app

    def create(
        self,
        entity_type: str,
        name: str,
        params: dict[str, Any],
        *,
        parent_id: int | None = None,
        author: str = "local user",
    ) -> EntityRecord:
        entity_id = int(self._redis.incr(self._keys.next_entity_id))
        record = EntityRecord(entity_id, name, entity_type, parent_id, _now())
        first = Revision(1, params, record.created_at, author)
        with self._redis.pipeline() as pipe:
            pipe.set(self._keys.entity(entity_id), json.dumps(record.to_json()))
            pipe.rpush(self._keys.revisions(entity_id), json.dumps(first.to_json()))
            pipe.set(self._keys.revision_counter(entity_id), first.revision)
            pipe.zadd(self._keys.entity_ids, {str(entity_id): entity_id})
            pipe.execute()
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

    def save_params(self, entity_id: int, params: dict[str, Any], *, author: str = "local user") -> Revision:
        """Append a new revision holding ``params``; returns it."""
        self.get(entity_id)
        number = int(self._redis.incr(self._keys.revision_counter(entity_id)))
        revision = Revision(number, params, _now(), author)
        self._redis.rpush(self._keys.revisions(entity_id), json.dumps(revision.to_json()))
        return revision

    def delete(self, entity_id: int) -> list[int]:
        """Delete an entity with its children, their revisions and their Storage zones; returns the ids.

        Children go too: a child without its parent could never be reached again in a tree app.
        """
        self.get(entity_id)
        doomed = [entity_id]
        records = self.all()
        for parent_id in doomed:  # grows while it is walked: breadth-first over the subtree
            doomed.extend(r.id for r in records if r.parent_id == parent_id and r.id not in doomed)
        zones = StorageZones(self._redis, self._app)
        for doomed_id in reversed(doomed):
            with self._redis.pipeline() as pipe:
                pipe.zrem(self._keys.entity_ids, str(doomed_id))
                pipe.delete(
                    self._keys.entity(doomed_id),
                    self._keys.revisions(doomed_id),
                    self._keys.revision_counter(doomed_id),
                )
                pipe.execute()
            zones.drop(entity_zone(doomed_id))
            zones.drop(session_zone(None, doomed_id))
        return doomed
