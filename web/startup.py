"""Background work of the web process: apply the initial entities, end jobs of dead workers."""

from __future__ import annotations

import logging

import anyio

from viktorlite.jobs.reaper import reap_orphaned_jobs
from viktorlite.store.initial_entities import apply_initial_entities
from viktorlite.store.keys import Keys
from viktorlite.store.manifest import read_manifest

from .services import Services, blocking

log = logging.getLogger(__name__)


async def apply_initial_entities_once_published(services: Services, *, production: bool) -> None:
    """Wait for a worker's manifest, then create the initial entities it declares."""
    pubsub = services.async_redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(Keys(services.app_name).manifest_channel)
    try:
        while True:
            manifest = await blocking(read_manifest, services.redis, services.app_name)
            if manifest is not None and "error" not in manifest:
                break
            await pubsub.get_message(timeout=1.0)
    finally:
        await pubsub.aclose()
    try:
        await blocking(apply_initial_entities, services.redis, manifest, production=production)
    except Exception:
        log.exception("could not apply the initial entities")


REAP_INTERVAL = 1.0


async def reap_orphaned_jobs_forever(services: Services) -> None:
    """End jobs whose worker died, every second, so no job hangs in ``started``."""
    while True:
        try:
            await blocking(reap_orphaned_jobs, services.redis, services.app_name)
        except Exception:
            log.exception("could not check for orphaned jobs")
        await anyio.sleep(REAP_INTERVAL)
