"""Login sessions: a signed cookie naming a session that lives in Redis, so logout really ends it.

The cookie holds only a random session id, signed and time-stamped with itsdangerous: a forged or
expired cookie is refused without a Redis lookup. The session's user name is kept in Redis (shared
by every web process of the app), and deleting it on logout makes a copied cookie worthless.
The signing secret comes from ``VIKTORLITE_SECRET_KEY`` or is generated once into the data dir.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from redis.asyncio import Redis as AsyncRedis

from viktorlite.store.keys import Keys

COOKIE = "viktorlite_session"
SESSION_SECONDS = 7 * 24 * 3600
SECRET_FILE = "secret_key"


def load_secret(data_dir: Path | None) -> str:
    """The cookie-signing secret: ``VIKTORLITE_SECRET_KEY``, else ``DATA_DIR/secret_key`` (made once, 0600).

    Without either, a random secret per process: sessions then end when the web process restarts.
    """
    from_env = os.environ.get("VIKTORLITE_SECRET_KEY", "").strip()
    if from_env:
        return from_env
    if data_dir is None:
        return secrets.token_hex(32)
    path = data_dir / SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another web process made it first
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip()


class LoginSessions:
    """Create, resolve and end the login sessions of one app."""

    def __init__(self, redis: AsyncRedis, app_name: str, secret: str) -> None:
        self.redis = redis
        self.keys = Keys(app_name)
        self.signer = URLSafeTimedSerializer(secret, salt="viktorlite-session")

    async def start(self, user: str) -> str:
        """A new session for ``user``; returns the cookie value."""
        session_id = secrets.token_urlsafe(32)
        await self.redis.set(self.keys.web_session(session_id), user, ex=SESSION_SECONDS)
        return self.signer.dumps(session_id)

    def _session_id(self, cookie: str) -> str | None:
        try:
            session_id = self.signer.loads(cookie, max_age=SESSION_SECONDS)
        except BadSignature:  # also SignatureExpired
            return None
        return session_id if isinstance(session_id, str) else None

    async def user(self, cookie: str | None) -> str | None:
        """The logged-in user of this cookie, or None (no cookie, forged, expired or logged out)."""
        session_id = self._session_id(cookie) if cookie else None
        if session_id is None:
            return None
        user = await self.redis.get(self.keys.web_session(session_id))
        return user.decode() if isinstance(user, bytes) else user

    async def end(self, cookie: str | None) -> None:
        session_id = self._session_id(cookie) if cookie else None
        if session_id is not None:
            await self.redis.delete(self.keys.web_session(session_id))
