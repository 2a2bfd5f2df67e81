"""The route table: every URL the web process answers, grouped by resource, in matching order.

``/openapi.json`` is generated from this table (web/routes/openapi.py); each ``/api`` endpoint declares
its body, parameters and answers beside its code (web/operations.py).
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from viktorlite.web.middleware import access
from viktorlite.web.routes import (
    api,
    dashboard,
    entity_routes,
    entity_stream,
    entity_uploads,
    map_tiles,
    pages,
    param_routes,
    result_routes,
    slow_views,
)

ROUTES: list[BaseRoute] = [
    *pages.routes,
    *map_tiles.routes,
    *access.routes,
    *api.routes,
    *dashboard.routes,
    *entity_uploads.routes,
    *entity_routes.routes,
    *entity_stream.routes,
    *param_routes.routes,
    *result_routes.routes,
    *slow_views.routes,
]
