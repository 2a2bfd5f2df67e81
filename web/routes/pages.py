"""The editor's HTML pages and the front-end assets shipped inside Python packages."""

from __future__ import annotations

import math
import os
from importlib.util import find_spec
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from viktorlite.web import editor_watch
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


async def open_editor(request: Request) -> Response:
    """``POST /``: the "Open the editor" button of a visit from another site (an editor app's session)."""
    return await landing_redirect(request) or RedirectResponse("/", status_code=303)


AUTOSAVE_SECONDS = 2.0


def autosave_ms() -> int:
    """``VIKTORLITE_AUTOSAVE_SECONDS`` (default 2) in milliseconds; 0 turns autosave off."""
    raw = os.environ.get("VIKTORLITE_AUTOSAVE_SECONDS", "")
    try:
        seconds = float(raw) if raw.strip() else AUTOSAVE_SECONDS
    except ValueError:
        seconds = AUTOSAVE_SECONDS
    return max(0, int(seconds * 1000)) if math.isfinite(seconds) else int(AUTOSAVE_SECONDS * 1000)


async def editor(request: Request) -> Response:
    raw = request.path_params["entity_id"]
    if not raw.isdigit():
        raise ApiError(404, f"no entity {raw!r}")
    context = {
        "app_name": services(request).app_name,
        "entity_id": int(raw),
        # The editor saves after this many quiet seconds (and when the page is left); 0: never by itself.
        "autosave_ms": autosave_ms(),
        # An editor app's session: its jobs name it (Storage scope "session"); nothing is saved.
        "session_id": await session_id_of(services(request), int(raw)),
        # Map views draw on the vendored world base map, under a tile server or local PMTiles if configured.
        "map_tiles": tile_url_template(),
        "map_pmtiles": PMTILES_PATH if local_archive() is not None else "",
        # Reloads the page if editor.js never runs (web/editor_watch.py).
        "editor_watch": editor_watch.SCRIPT,
    }
    return templates.TemplateResponse(request, "editor.html", context)


async def plotly_js(request: Request) -> Response:
    """plotly.js as bundled in the installed ``plotly`` package: served locally, never from a CDN."""
    return FileResponse(PLOTLY_JS, media_type="text/javascript")


routes = [
    Route("/", index, methods=["GET"]),
    Route("/", open_editor, methods=["POST"]),
    Route("/entities/{entity_id}", editor, methods=["GET"]),
    Route("/static/vendor/plotly.min.js", plotly_js, methods=["GET"]),
]
