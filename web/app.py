"""The Starlette application: pages, the JSON API and static assets, wired to one app's Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import api, pages, param_routes, result_routes
from .errors import EXCEPTION_HANDLERS
from .openapi import openapi_json
from .services import Services

# resolve(): in an editable install this file is a link; the assets sit beside its real source.
STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(redis_url: str, app_name: str, *, production: bool = False, app_dir: Path | None = None) -> Starlette:
    """The web app for the viktorlite app ``app_name`` whose workers use ``redis_url``.

    ``app_dir`` is only read for the files in its ``assets_path`` (Image fields), never imported.
    """
    services = Services.connect(redis_url, app_name)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await services.async_redis.aclose()
        services.redis.close()

    routes = [
        *pages.routes,
        *api.routes,
        *param_routes.routes,
        *result_routes.routes,
        Route("/openapi.json", openapi_json, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers=EXCEPTION_HANDLERS, lifespan=lifespan)
    app.state.services = services
    app.state.app_dir = app_dir
    return app
