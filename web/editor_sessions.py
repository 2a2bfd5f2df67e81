"""Editor apps: every visit gets a private session entity that is never saved, and expires.

A session is an ordinary entity (so views, buttons and Storage work unchanged) flagged with a
random ``session_id``: it is not listed, it takes no revisions beyond its first, and jobs of its
editor carry the id (Storage scope ``session``). Sessions not opened for
:data:`SESSION_TTL_SECONDS` are deleted with their Storage zones.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import time

from redis import Redis

from viktorlite.store.entities import EntityNotFound, EntityRecord, EntityStore
from viktorlite.store.keys import Keys

from .services import Services, blocking

log = logging.getLogger(__name__)

SESSION_TTL_SECONDS = 24 * 3600
SWEEP_INTERVAL = 60.0
SESSION_NAME = "Session"


def open_session(connection: Redis, app: str, entity_type: str, params: dict) -> EntityRecord:
    """A new session entity of the app's one entity type, with its default params."""
    record = EntityStore(connection, app).create(
        entity_type, SESSION_NAME, params, author="session", session_id=secrets.token_urlsafe(16)
    )
    connection.zadd(Keys(app).sessions, {str(record.id): time.time()})
    return record


def touch(connection: Redis, app: str, entity_id: int) -> None:
    """The session was opened again: its time to live starts over."""
    connection.zadd(Keys(app).sessions, {str(entity_id): time.time()}, xx=True)


def sweep(connection: Redis, app: str, *, now: float | None = None) -> list[int]:
    """Delete sessions not opened for the time to live (with their Storage); returns their ids."""
    cutoff = (time.time() if now is None else now) - SESSION_TTL_SECONDS
    key = Keys(app).sessions
    expired = [int(member) for member in connection.zrangebyscore(key, 0, cutoff)]  # type: ignore[arg-type]
    store = EntityStore(connection, app)
    for entity_id in expired:
        with contextlib.suppress(EntityNotFound):
            store.delete(entity_id)
        connection.zrem(key, str(entity_id))
    return expired


async def sweep_sessions_once(svc: Services) -> None:
    """End the editor sessions nobody opened for a day (every :data:`SWEEP_INTERVAL` s, as a loop)."""
    ended = await blocking(sweep, svc.redis, svc.app_name)
    if ended:
        log.info("ended %d expired editor sessions", len(ended))


async def session_id_of(svc: Services, entity_id: int) -> str:
    """The session id of an editor session entity (its time to live starts over), else ``""``."""
    try:
        record = await blocking(svc.entities.get, entity_id)
    except EntityNotFound:
        return ""
    if record.session_id is None:
        return ""
    await blocking(touch, svc.redis, svc.app_name, entity_id)
    return record.session_id
