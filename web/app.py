"""The Starlette application: pages, the JSON API and static assets, wired to one app's Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from viktorlite.store.blob_objects import REDIS_BLOBS, blob_url
from viktorlite.store.upload_lifetime import orphan_upload_seconds
from viktorlite.web.middleware import access
from viktorlite.web.middleware.security import secure
from viktorlite.web.routes.openapi import openapi_json

from .background_loops import BackgroundLoops, LoopHealth, every
from .blob_sweeper import BLOB_SWEEP_INTERVAL, sweep_blobs_once
from .cluster_lease import ClusterLease, let_go, when_holding
from .editor_sessions import SWEEP_INTERVAL, sweep_sessions_once
from .errors import EXCEPTION_HANDLERS
from .routes import ROUTES, health
from .services import Services
from .startup import REAP_INTERVAL, apply_initial_entities_once_published, reap_orphaned_jobs_once
from .summaries import keep_summaries

# resolve(): in an editable install this file is a link; the assets sit beside its real source.
STATIC_DIR = Path(__file__).resolve().parent / "static"
#: Seconds start-up waits for the summaries' subscription, so no entity made right after start is missed.
SUBSCRIBE_WAIT = 10.0


def create_app(
    redis_url: str,
    app_name: str,
    *,
    production: bool = False,
    app_dir: Path | None = None,
    access_policy: access.AccessPolicy | None = None,
) -> Starlette:
    """The web app for the viktorlite app ``app_name`` whose workers use ``redis_url``.

    ``app_dir`` is only read for the files in its ``assets_path`` (Image fields), never imported.
    ``access_policy`` says who may log in (see web/middleware/access.py); None: no login (an embedded app).
    """
    services = Services.connect(redis_url, app_name)
    loops = BackgroundLoops()  # each survives Redis outages; /healthz reports them
    lease = ClusterLease(services.async_redis, app_name)  # one web process of many reaps and sweeps

    async def follow_events(health: LoopHealth) -> None:
        """The event streams' one pub/sub connection (it reconnects by itself; a crash restarts it)."""
        health.ok()
        await services.events.run()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with anyio.create_task_group() as background:
            subscribed = anyio.Event()  # summaries are followed before any initial entity is created
            initial = partial(apply_initial_entities_once_published, services, subscribed, production=production)
            loops.start(background, "event_streams", follow_events)
            loops.start(background, "summaries", partial(keep_summaries, services, subscribed))
            loops.start(background, "initial_entities", initial, forever=False)
            reap, sweep = partial(reap_orphaned_jobs_once, services), partial(sweep_sessions_once, services)
            loops.start(background, "job_reaper", every(REAP_INTERVAL, when_holding(lease, reap)))
            loops.start(background, "session_sweeper", every(SWEEP_INTERVAL, when_holding(lease, sweep)))
            if blob_url() != REDIS_BLOBS:  # bytes outside Redis: collect those whose metadata expired
                sweep_blobs = when_holding(lease, partial(sweep_blobs_once, services))
                loops.start(background, "blob_sweeper", every(BLOB_SWEEP_INTERVAL, sweep_blobs))
            with anyio.move_on_after(SUBSCRIBE_WAIT):  # Redis away at start: serve anyway (503s, /healthz)
                await subscribed.wait()
            yield
            background.cancel_scope.cancel()
        await let_go(lease)  # after the loops ended: none renews it again
        await services.async_redis.aclose()
        services.redis.close()

    routes = [
        *ROUTES,
        Route("/openapi.json", openapi_json, methods=["GET"]),
        *health.routes,
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers=EXCEPTION_HANDLERS, lifespan=lifespan)
    app.state.services = services
    app.state.loops = loops
    app.state.lease = lease
    secure(app, services, access_policy)
    app.state.app_dir = app_dir
    app.state.orphan_upload_seconds = orphan_upload_seconds()  # a bad setting stops the start, not an upload
    app.state.redis_url = redis_url  # for the replay commands the dashboard shows
    return app
