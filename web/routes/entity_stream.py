"""``GET /api/events``: every entity change of the app, and every reload of its code, pushed to the
browser as Server-Sent Events.

Pages use it to follow changes made elsewhere (another tab, a job through ``viktor.api_v1``)
without reloading. The first event, ``ready``, says the subscription is in place and carries the
manifest's version; each change is an ``entity`` event whose data is the JSON of
viktorlite.store.entity_events; an ``app`` event says the workers published a manifest of another
version (a hot reload, docs/dev-mode.md), so an open editor re-reads the app's structure; a
``resync`` event says events were dropped (the client read too slowly, or Redis was away), so the page
re-reads everything. All streams of a web process share one Redis connection (web/event_fanout.py).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import anyio
from pydantic import BaseModel, Field
from redis.exceptions import ConnectionError as RedisConnectionError
from sse_starlette.sse import EventSourceResponse
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from viktorlite.store.entity_events import CHANGES
from viktorlite.store.keys import Keys
from viktorlite.web.event_fanout import Resync
from viktorlite.web.operations import EventStream, operation
from viktorlite.web.services import Services, services

log = logging.getLogger(__name__)
RECHECK_SECONDS = 1.0


class ManifestVersion(BaseModel):
    manifest_version: str | None = Field(description="the published manifest's version (None: none yet)")


class EntityChange(BaseModel):
    """A hint to re-read an entity (viktorlite.store.entity_events); some changes carry more fields."""

    change: str = Field(description=" | ".join(CHANGES))
    entity_id: int
    entity_type: str
    name: str
    parent_id: int | None
    session: bool = Field(description="an editor app's private session entity")


class Resynced(BaseModel):
    """Events were dropped (a slow client, or Redis was away): re-read everything shown."""

    dropped: int = Field(description="how many events were dropped (at least)")
    manifest_version: str | None


async def _manifest_version(svc: Services) -> str | None:
    raw = await svc.async_redis.get(Keys(svc.app_name).manifest)
    return json.loads(raw).get("version") if raw is not None else None


async def _stream(svc: Services, request: Request, shutdown: anyio.Event) -> AsyncIterator[dict[str, str]]:
    keys = Keys(svc.app_name)
    try:
        async with svc.events.subscribe([keys.entity_events, keys.manifest_channel]) as subscription:
            version = await _manifest_version(svc)  # read after subscribing: no reload falls in between
            yield {"event": "ready", "data": json.dumps({"manifest_version": version})}
            while not shutdown.is_set() and not await request.is_disconnected():
                item = await subscription.get(RECHECK_SECONDS)
                if item is None:
                    continue
                if isinstance(item, Resync):  # events were dropped: the page re-reads everything
                    version = await _manifest_version(svc)
                    resynced = Resynced(dropped=item.dropped, manifest_version=version)
                    yield {"event": "resync", "data": resynced.model_dump_json()}
                elif item.channel == keys.entity_events:
                    yield {"event": "entity", "data": item.data}
                elif item.data != version:  # every worker publishes; a page hears of each version once
                    version = item.data
                    yield {"event": "app", "data": json.dumps({"manifest_version": version})}
    except RedisConnectionError as exc:  # Redis away: the stream ends, the browser reconnects later
        log.warning("an entity event stream ended: %s", exc)


@operation(
    responses={
        200: EventStream({"ready": ManifestVersion, "entity": EntityChange, "app": ManifestVersion, "resync": Resynced})
    }
)
async def entity_events(request: Request) -> Response:
    """Entity changes and app reloads, as they happen."""
    # On shutdown the stream ends by itself (and so completes its response) instead of being cut off.
    shutdown = anyio.Event()
    stream = _stream(services(request), request, shutdown)
    return EventSourceResponse(stream, ping=15, shutdown_event=shutdown, shutdown_grace_period=RECHECK_SECONDS + 1)


routes = [Route("/api/events", entity_events, methods=["GET"])]
