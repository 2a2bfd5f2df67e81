"""Background work of the web process: apply the initial entities, end jobs of dead workers.

Run as loops of web/background_loops.py, which start them again after a failure."""

from __future__ import annotations

import logging
from typing import Any

import anyio
from redis import Redis

from viktorlite.jobs.reaper import reap_orphaned_jobs
from viktorlite.jobs.stuck_dequeues import recover_stuck_dequeues
from viktorlite.store.initial_entities import apply_initial_entities
from viktorlite.store.keys import Keys
from viktorlite.store.manifest import read_manifest

from .background_loops import CONNECTION_ERRORS, LoopHealth
from .services import Services, blocking

log = logging.getLogger(__name__)


async def apply_initial_entities_once_published(
    services: Services, subscribed: anyio.Event, health: LoopHealth, *, production: bool
) -> None:
    """Once summaries are followed (``subscribed``): wait for a worker's manifest, then create the
    initial entities it declares."""
    await subscribed.wait()
    pubsub = services.async_redis.pubsub(ignore_subscribe_messages=True)
    try:
        await pubsub.subscribe(Keys(services.app_name).manifest_channel)
        health.ok()
        while True:
            manifest = await blocking(read_manifest, services.redis, services.app_name)
            if manifest is not None and "error" not in manifest:
                break
            await pubsub.get_message(timeout=1.0)
    finally:
        with anyio.CancelScope(shield=True):
            await pubsub.aclose()
    try:
        await blocking(apply_initial_entities_alone, services.redis, manifest, production=production)
    except CONNECTION_ERRORS:
        raise  # tried again by its loop
    except Exception:
        log.exception("could not apply the initial entities")


#: Seconds the initial-entities lock outlives a web process that died holding it.
INITIAL_LOCK_SECONDS = 60


def apply_initial_entities_alone(connection: Redis, manifest: dict[str, Any], *, production: bool) -> int:
    """Apply the initial entities under the app's lock: web processes starting together would each
    find an entity missing and create it; the one that waits finds them made (idempotent, one at a time)."""
    key = Keys(manifest["app"]).initial_entities_lock
    with connection.lock(key, timeout=INITIAL_LOCK_SECONDS, blocking_timeout=2 * INITIAL_LOCK_SECONDS):
        return apply_initial_entities(connection, manifest, production=production)


#: Seconds between two looks for jobs of dead workers.
REAP_INTERVAL = 1.0


async def reap_orphaned_jobs_once(services: Services) -> None:
    """End jobs whose worker died, so no job hangs in ``started``; queue again the jobs a worker
    took off the queue but never started (a worker or Redis that died in between)."""
    await blocking(reap_orphaned_jobs, services.redis, services.app_name)
    await blocking(recover_stuck_dequeues, services.redis, services.app_name)
