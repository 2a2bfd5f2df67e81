"""Entity changes announced on one pub/sub channel per app.

Whoever changes an entity (the web process, a job through ``viktor.api_v1``, the initial
entities) goes through :class:`~viktorlite.store.entities.EntityStore`, which calls :func:`announce`;
the web process forwards the events to every open page (``GET /api/events``) and starts summary
jobs from them. An event is a hint to re-read, never the data itself: a page that misses one
(reconnecting) simply reloads.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from redis import Redis
from redis.exceptions import RedisError

from viktorlite.store.keys import Keys

if TYPE_CHECKING:
    from viktorlite.store.entities import EntityRecord

log = logging.getLogger(__name__)

#: What an event's ``change`` may be.
CHANGES = ("created", "saved", "renamed", "moved", "deleted", "summary")


def event_of(change: str, record: EntityRecord, **details: Any) -> dict[str, Any]:
    """The JSON of one event: what changed, on which entity, plus change-specific details."""
    return {
        "change": change,
        "entity_id": record.id,
        "entity_type": record.entity_type,
        "name": record.name,
        "parent_id": record.parent_id,
        "session": record.session_id is not None,
        **details,
    }


def announce(connection: Redis, app: str, change: str, record: EntityRecord, **details: Any) -> None:
    """Publish one change; a failure is logged, never raised (the change itself is already stored)."""
    try:
        connection.publish(Keys(app).entity_events, json.dumps(event_of(change, record, **details)))
    except RedisError:
        log.warning("could not announce %s of entity %s", change, record.id, exc_info=True)
