"""Keep each entity's summary up to date: a ``summary`` job after every new revision.

The web process follows the entity-change channel, so a revision from anywhere (the editor, a
job through ``viktor.api_v1``, a restore, the initial entities) gets its summary. Only entity
types with a ``Controller.summary`` get jobs; a short-lived Redis flag per revision makes sure
several web processes queue one job between them.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import anyio

from viktorlite.jobs import queue as jobs
from viktorlite.store.entities import EntityStore
from viktorlite.store.keys import Keys

from .background_loops import CONNECTION_ERRORS, LoopHealth
from .errors import ApiError
from .services import Services, blocking

log = logging.getLogger(__name__)

#: Changes that make a new revision.
REVISION_CHANGES = ("created", "saved")
FLAG_SECONDS = 3600


async def request_summary(svc: Services, event: dict[str, Any]) -> str | None:
    """Queue a summary job for the revision the event announces; returns its id, if one was queued."""
    if event.get("change") not in REVISION_CHANGES or event.get("session"):
        return None
    try:
        entity_type = await svc.entity_type(str(event.get("entity_type")))
    except ApiError:  # no manifest yet, or a type the app no longer has
        return None
    if not entity_type.get("summary"):
        return None
    entity_id, revision = int(event["entity_id"]), int(event.get("revision") or 0)
    flag = Keys(svc.app_name).summary_requested(entity_id, revision)
    if not await svc.async_redis.set(flag, "1", nx=True, ex=FLAG_SECONDS):
        return None
    request = jobs.JobRequest(
        app=svc.app_name,
        entity_id=entity_id,
        entity_type=entity_type["name"],
        entity_name=str(event.get("name") or ""),
        method="summary",
        trigger="summary",
    )
    return await blocking(jobs.enqueue, svc.redis, request)


def missed_revisions(store: EntityStore) -> list[dict[str, Any]]:
    """A "saved" event for every entity whose last revision has no summary yet: changes announced
    while the subscription was down were missed (the Redis flag keeps them from being queued twice)."""
    events = []
    for record in store.all():
        if record.session_id is not None:
            continue
        revision = store.latest_revision(record.id).revision
        if store.summary_revision(record.id) < revision:
            event = {"change": "saved", "entity_type": record.entity_type, "name": record.name}
            events.append({**event, "entity_id": record.id, "revision": revision})
    return events


async def keep_summaries(svc: Services, subscribed: anyio.Event, health: LoopHealth) -> None:
    """Forever: a summary job for every new revision of an entity type with a summary.

    Sets ``subscribed`` once listening, so entities created after that (the initial ones) are never
    missed. A lost connection ends it (its loop subscribes again, see web/background_loops.py).
    """
    pubsub = svc.async_redis.pubsub(ignore_subscribe_messages=True)
    try:
        await pubsub.subscribe(Keys(svc.app_name).entity_events)
        health.ok()
        if subscribed.is_set():  # subscribed again after a lost connection
            for event in await blocking(missed_revisions, svc.entities):
                await request_summary(svc, event)
        subscribed.set()
        while True:
            message = await pubsub.get_message(timeout=5.0)
            if message is None:
                continue
            try:
                await request_summary(svc, json.loads(message["data"]))
            except CONNECTION_ERRORS:
                raise
            except Exception:
                log.exception("could not queue a summary job")
    finally:
        with anyio.CancelScope(shield=True):
            await pubsub.aclose()
