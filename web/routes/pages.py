"""The editor's HTML pages and the front-end assets shipped inside Python packages."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from viktorlite.web.editor_sessions import session_id_of
from viktorlite.web.errors import ApiError
from viktorlite.web.html_templates import templates
from viktorlite.web.routes.landing import landing_redirect
from viktorlite.web.routes.map_tiles import PMTILES_PATH, local_archive, tile_url_template
from viktorlite.web.services import services

PLOTLY_JS = Path(find_spec("plotly").origin or "").parent / "package_data" / "plotly.min.js"  # type: ignore[union-attr]


async def index(request: Request) -> Response:
    redirect = await landing_redirect(request)
    if redirect is not None:
        return redirect
    return templates.TemplateResponse(request, "index.html", {"app_name": services(request).app_name})


async def editor(request: Request) -> Response:
    raw = request.path_params["entity_id"]
    if not raw.isdigit():
        raise ApiError(404, f"no entity {raw!r}")
    context = {
        "app_name": services(request).app_name,
        "entity_id": int(raw),
        # An editor app's session: its jobs name it (Storage scope "session"); nothing is saved.
        "session_id": await session_id_of(services(request), int(raw)),
        # Map views draw on the vendored world base map, under a tile server or local PMTiles if configured.
        "map_tiles": tile_url_template(),
        "map_pmtiles": PMTILES_PATH if local_archive() is not None else "",
    }
    return templates.TemplateResponse(request, "editor.html", context)


async def plotly_js(request: Request) -> Response:
    """plotly.js as bundled in the installed ``plotly`` package: served locally, never from a CDN."""
    return FileResponse(PLOTLY_JS, media_type="text/javascript")


routes = [
    Route("/", index, methods=["GET"]),
    Route("/entities/{entity_id}", editor, methods=["GET"]),
    Route("/static/vendor/plotly.min.js", plotly_js, methods=["GET"]),
]
