"""Is the editor's port free? Checked before anything starts, so a taken port fails at once.

Without it ``serve`` started Redis and the workers, printed a banner, and failed seconds later;
with another viktorlite on that port the banner named this app while the URL served the other.
"""

from __future__ import annotations

import errno
import html
import re
import socket
import urllib.error
import urllib.request

#: The app's name as every viktorlite page shows it (base.html and login.html).
_APP_NAME = re.compile(r'class="brand-name">([^<]*)<')


class PortUnavailable(RuntimeError):
    """The port cannot be listened on; the message names it and, if known, what holds it."""


def check_port_free(host: str, port: int) -> None:
    """Raise :class:`PortUnavailable` unless ``host:port`` can be listened on now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            # As uvicorn binds: a port left in TIME_WAIT by a stopped serve is free.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortUnavailable(_in_use_message(host, port)) from None
        raise PortUnavailable(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _in_use_message(host: str, port: int) -> str:
    app = viktorlite_app_at(host, port)
    holder = f"another viktorlite serving the app {app!r}" if app else "another program"
    return f"port {port} on {host} is already in use by {holder}; stop it or choose another --port"


def viktorlite_app_at(host: str, port: int, timeout: float = 3.0) -> str | None:
    """The name of the app a viktorlite at ``host:port`` serves, or None when it is not one (or does not answer)."""
    probe_host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    if ":" in probe_host:
        probe_host = f"[{probe_host}]"
    try:
        with urllib.request.urlopen(f"http://{probe_host}:{port}/", timeout=timeout) as response:  # noqa: S310
            page = response.read(200_000).decode("utf-8", errors="replace")
    except (OSError, ValueError, urllib.error.URLError):
        return None
    if "viktorlite</title>" not in page:
        return None
    found = _APP_NAME.search(page)
    return html.unescape(found.group(1).strip()) if found else None
