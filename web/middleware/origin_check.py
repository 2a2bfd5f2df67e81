"""Cross-site request protection for every state-changing request (POST, PUT, PATCH, DELETE).

Browsers say where a request comes from: ``Sec-Fetch-Site`` (modern browsers) and ``Origin``
(every browser on a non-GET request). A request another site's page makes is refused with 403,
whatever cookies it carries; the session cookie is ``SameSite=Lax`` as a second line. Clients
that are not browsers (curl, scripts) send neither header and are not affected.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def cross_site_reason(method: str, headers: Headers) -> str | None:
    """Why this request looks like another site's, or None when it is the editor's own (or no browser's)."""
    if method.upper() in SAFE_METHODS:
        return None
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return f"the request came from another site (Sec-Fetch-Site: {fetch_site})"
    origin = headers.get("origin")
    if origin is None:
        return None
    host = headers.get("host", "")
    if origin == "null" or urlsplit(origin).netloc.lower() != host.lower():
        return f"the request's Origin {origin!r} is not this server ({host!r})"
    return None


class OriginCheck:
    """Pure ASGI: answers 403 to a state-changing request that another site's page made."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            reason = cross_site_reason(scope["method"], Headers(scope=scope))
            if reason is not None:
                response = JSONResponse({"error": f"cross-site request refused: {reason}"}, status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
