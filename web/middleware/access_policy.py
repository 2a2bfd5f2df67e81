"""Whether a web process may start on its address, and with which access rules (token, users file).

Kept apart from the middleware (web/middleware/access.py) so ``viktorlite serve`` can refuse a bad
setting before it starts anything without importing the web stack (issue 18, item 4: start-up).
"""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from viktorlite.store.users_file import UsersFileError, read_users

LOCAL_USER = "local user"
TOKEN_USER = "token user"
API_USER = "api"
USER_SCOPE_KEY = "viktorlite.user"
MIN_TOKEN_LENGTH = 16
#: What the login page itself needs; everything else is behind the login.
PUBLIC_PATHS = frozenset(
    {"/login", "/healthz", "/static/css/viktorlite.css", "/static/css/access.css", "/static/img/favicon.svg"}
)


class AccessSettingError(ValueError):
    """The access settings do not allow starting (no setting off loopback, a bad token or users file)."""


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost."""
    host = host.strip().strip("[]").rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class AccessPolicy:
    """The access rules of one web process (see the module docstring)."""

    token: str | None = None
    users_file: Path | None = None
    #: Signs the session cookies; see :func:`viktorlite.web.middleware.login_sessions.load_secret`.
    secret: str = ""

    @property
    def required(self) -> bool:
        return bool(self.token or self.users_file)

    @classmethod
    def for_bind(cls, host: str, *, token: str | None, users_file: Path | None, secret: str) -> AccessPolicy:
        """The policy for a web process bound to ``host``; refuses a non-loopback bind without access."""
        if token is not None and len(token) < MIN_TOKEN_LENGTH:
            raise AccessSettingError(f"the access token must have at least {MIN_TOKEN_LENGTH} characters")
        if users_file is not None:
            try:
                if not read_users(users_file):
                    raise AccessSettingError(
                        f"the users file {users_file} has no users; add one with `viktorlite users add`"
                    )
            except UsersFileError as exc:
                raise AccessSettingError(str(exc)) from None
        policy = cls(token=token or None, users_file=users_file, secret=secret)
        if not is_loopback(host) and not policy.required:
            raise AccessSettingError(
                f"refusing to listen on {host} without an access setting: anyone on the network could use "
                "the editor. Give --access-token TOKEN (or VIKTORLITE_ACCESS_TOKEN) or --users-file FILE, "
                "or bind 127.0.0.1."
            )
        return policy

    def users(self) -> dict[str, str]:
        """The users file as it is now (re-read on every login, so adding a user needs no restart)."""
        if self.users_file is None:
            return {}
        try:
            return read_users(self.users_file)
        except UsersFileError:
            return {}

    def token_matches(self, given: str) -> bool:
        return self.token is not None and hmac.compare_digest(given.encode(), self.token.encode())
