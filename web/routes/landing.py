"""Where ``GET /`` lands: an editor app's fresh session, a tree app's start page, or the entity list.

An editor app's visit creates a session entity, so only the user's own navigation may start one:
a ``GET /`` the browser marks as coming from this origin or from the user (``Sec-Fetch-Site``
``same-origin`` or ``none``; clients that send no such header, like curl, too), or a ``POST /``
(which the origin check refuses from other sites). A ``GET /`` another site caused (a link, an
``<img>``, a redirect) gets a page with an "Open the editor" button that posts, and creates nothing.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from viktorlite.web.editor_sessions import open_session
from viktorlite.web.errors import ApiError
from viktorlite.web.html_templates import templates
from viktorlite.web.services import Services, blocking, services

#: ``/?list`` shows the entity list even when the app declares a start page.
LIST_PARAM = "list"
#: ``Sec-Fetch-Site`` values of a navigation the user made on this server (or typed, or bookmarked).
OWN_NAVIGATION = frozenset({"same-origin", "none"})


def may_start_session(request: Request) -> bool:
    """The request is the user's own: a POST (the origin check let it in) or an own navigation."""
    if request.method == "POST":
        return True
    fetch_site = request.headers.get("sec-fetch-site")
    return fetch_site is None or fetch_site in OWN_NAVIGATION


async def open_editor_session(svc: Services, manifest: dict[str, Any]) -> Response:
    """A new session of the editor app's one entity type, and the editor of it."""
    entity_type = manifest["entity_types"][0]
    record = await blocking(
        open_session, svc.redis, svc.app_name, entity_type["name"], entity_type.get("default_params") or {}
    )
    return RedirectResponse(f"/entities/{record.id}", status_code=303)


async def _start_page(svc: Services, manifest: dict[str, Any]) -> int | None:
    """The entity of the top-level initial entity with ``use_as_start_page``, if it exists."""
    for declared in manifest.get("initial_entities") or []:
        if declared.get("use_as_start_page"):
            record = await blocking(svc.entities.find, declared["entity_type"], declared["name"], None)
            return record.id if record is not None else None
    return None


async def landing_redirect(request: Request) -> Response | None:
    """A redirect away from the entity list, or None to show it (also while the app is not loaded)."""
    svc = services(request)
    try:
        manifest = await svc.manifest()
    except ApiError:
        return None  # no worker yet: the list page waits for one and comes back here
    if "error" in manifest or not manifest.get("entity_types"):
        return None  # the list page shows the app's load error
    if manifest.get("app_type") == "editor":
        if not may_start_session(request):
            return templates.TemplateResponse(request, "open_editor.html", {"app_name": svc.app_name})
        return await open_editor_session(svc, manifest)
    if LIST_PARAM not in request.query_params:
        start = await _start_page(svc, manifest)
        if start is not None:
            return RedirectResponse(f"/entities/{start}", status_code=303)
    return None
