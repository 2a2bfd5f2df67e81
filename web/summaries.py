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

from anyio import TASK_STATUS_IGNORED
from anyio.abc import TaskStatus

from viktorlite.jobs import queue as jobs
from viktorlite.store.keys import Keys

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


async def keep_summaries(svc: Services, *, task_status: TaskStatus[None] = TASK_STATUS_IGNORED) -> None:
    """Forever: a summary job for every new revision of an entity type with a summary.

    Reports itself started once subscribed, so entities created after that (the initial ones)
    are never missed.
    """
    pubsub = svc.async_redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(Keys(svc.app_name).entity_events)
    task_status.started()
    try:
        while True:
            message = await pubsub.get_message(timeout=5.0)
            if message is None:
                continue
            try:
                await request_summary(svc, json.loads(message["data"]))
            except Exception:
                log.exception("could not queue a summary job")
    finally:
        await pubsub.aclose()
