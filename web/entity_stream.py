"""``GET /api/events``: every entity change of the app, pushed to the browser as Server-Sent Events.

Pages use it to follow changes made elsewhere (another tab, a job through ``viktor.api_v1``)
without reloading. The first event, ``ready``, says the subscription is in place; each change is
an ``entity`` event whose data is the JSON of viktorlite.entity_events.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from sse_starlette.sse import EventSourceResponse
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from viktorlite.keys import Keys

from .services import Services, services

RECHECK_SECONDS = 1.0


async def _stream(svc: Services, request: Request) -> AsyncIterator[dict[str, str]]:
    pubsub = svc.async_redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(Keys(svc.app_name).entity_events)
    try:
        yield {"event": "ready", "data": "{}"}
        while not await request.is_disconnected():
            message = await pubsub.get_message(timeout=RECHECK_SECONDS)
            if message is not None:
                data = message["data"]
                yield {"event": "entity", "data": data.decode() if isinstance(data, bytes) else str(data)}
    finally:
        await pubsub.aclose()


async def entity_events(request: Request) -> Response:
    return EventSourceResponse(_stream(services(request), request), ping=15)


routes = [Route("/api/events", entity_events, methods=["GET"])]
