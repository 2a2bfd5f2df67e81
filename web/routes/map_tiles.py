"""Local map tiles: a PMTiles archive named by ``VIKTORLITE_MAP_TILES=/path/file.pmtiles``, served whole
or by HTTP range requests (the browser's pmtiles library reads only the byte ranges it needs).

Map views have no base map offline; with a regional extract (``pmtiles extract``, docs/maps.md) they
do, without any tile server. A ``VIKTORLITE_MAP_TILES`` that is a URL template is a tile server the
browser fetches from itself; it is not served here.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from viktorlite.web.errors import ApiError

#: Where the editor reads the archive (same origin, so the Content-Security-Policy needs no change).
PMTILES_PATH = "/map-tiles/local.pmtiles"


def configured_tiles() -> str:
    return os.environ.get("VIKTORLITE_MAP_TILES", "").strip()


def tile_url_template() -> str:
    """The configured tile server URL template, if the setting is one (else "")."""
    value = configured_tiles()
    return value if value.startswith(("http://", "https://")) else ""


def local_archive() -> Path | None:
    """The configured local ``.pmtiles`` file, if the setting names one."""
    value = configured_tiles()
    if not value or "://" in value:
        return None
    path = Path(value).expanduser()
    return path if path.suffix.lower() == ".pmtiles" else None


async def local_tiles(request: Request) -> Response:
    path = local_archive()
    if path is None:
        raise ApiError(404, "no local map tiles: set VIKTORLITE_MAP_TILES=/path/to/file.pmtiles")
    if not path.is_file():
        raise ApiError(404, f"the map tiles file {str(path)!r} does not exist")
    # FileResponse answers a Range header with 206 and only those bytes (and HEAD without a body).
    return FileResponse(path, media_type="application/vnd.pmtiles", headers={"Cache-Control": "no-cache"})


routes = [Route(PMTILES_PATH, local_tiles, methods=["GET", "HEAD"])]
