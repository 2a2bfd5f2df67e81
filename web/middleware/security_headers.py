"""Browser-safety headers on every response: a strict Content-Security-Policy and friends.

The editor shows text and files that came from apps and from other users, so the browser is told
to run only the editor's own scripts: no inline script but the editor page's own watch (allowed by
its hash, web/editor_watch.py), no plugins, no ``<base>`` rewriting, and the editor may be framed
only by itself. App HTML (``WebResult``) is served from the blob route with its own ``sandbox``
policy, which this middleware leaves in place.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from viktorlite.web import editor_watch


def editor_policy(map_tiles: str = "") -> str:
    """The CSP of the editor's pages and API answers.

    Images, frames and fetches may also reach https: hosts, because an app may name a PDF, a web
    page or a map tile server by URL (an app author is trusted); scripts never come from elsewhere.
    """
    tile_origin = ""
    parts = urlsplit(map_tiles.replace("{", "").replace("}", ""))
    if parts.scheme in ("http", "https") and parts.netloc:
        tile_origin = f" {parts.scheme}://{parts.netloc}"
    directives = [
        "default-src 'self'",
        f"script-src 'self' {editor_watch.CSP_SOURCE}",  # the editor page's one inline script
        "style-src 'self'",
        # plotly.js and Leaflet position elements with style attributes; <style> elements stay forbidden.
        "style-src-attr 'unsafe-inline'",
        f"img-src 'self' data: blob: https:{tile_origin}",
        "font-src 'self' data:",
        "connect-src 'self' https: data: blob:",  # three.js reads a glTF's embedded buffers as data: URLs
        "frame-src 'self' https: http:",
        "worker-src 'self' blob:",  # pdf.js runs its parser in a module worker
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
    return "; ".join(directives)


class SecurityHeaders:
    """Adds the CSP (unless a route set its own, stricter one) and the usual hardening headers."""

    def __init__(self, app: ASGIApp, *, policy: str) -> None:
        self.app = app
        self.headers = {
            "Content-Security-Policy": policy,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "X-Frame-Options": "SAMEORIGIN",
            "Cross-Origin-Resource-Policy": "same-origin",
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
