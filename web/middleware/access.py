"""Who may use the editor: nobody needs to log in on loopback; on a network, a token or a users file.

Bound to a loopback address without an access setting, the web process answers only requests
that name a loopback host (so a web page cannot reach it through DNS rebinding) and everyone is
``local user``. With ``--access-token`` or ``--users-file`` every route except the login page
needs a session cookie (``POST /login``) or ``Authorization: Bearer TOKEN``; the logged-in name is
the author of saved revisions and the user a job runs for. Wrong passwords and wrong tokens are
throttled per name and per client address (web/middleware/login_throttle.py).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote, urlsplit

from redis.exceptions import ResponseError
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from viktorlite.store.redis_memory import describe_full, is_out_of_memory
from viktorlite.store.users_file import NAME, verify_password
from viktorlite.web.html_templates import templates
from viktorlite.web.middleware.access_policy import (  # re-exported: the middleware's names
    API_USER,
    LOCAL_USER,
    MIN_TOKEN_LENGTH,
    PUBLIC_PATHS,
    TOKEN_USER,
    USER_SCOPE_KEY,
    AccessPolicy,
    AccessSettingError,
    is_loopback,
)
from viktorlite.web.middleware.login_sessions import COOKIE, SESSION_SECONDS, LoginSessions
from viktorlite.web.middleware.login_throttle import LoginThrottle, client_address
from viktorlite.web.services import blocking, services

__all__ = [
    "API_USER",
    "LOCAL_USER",
    "MIN_TOKEN_LENGTH",
    "PUBLIC_PATHS",
    "TOKEN_USER",
    "USER_SCOPE_KEY",
    "AccessMiddleware",
    "AccessPolicy",
    "AccessSettingError",
    "current_user",
    "is_loopback",
    "template_context",
]


def current_user(request: Request) -> str:
    """The logged-in user's name (``local user`` when no login is needed)."""
    user = request.scope.get(USER_SCOPE_KEY)
    return user if isinstance(user, str) else LOCAL_USER


def template_context(request: Request) -> dict[str, Any]:
    """For every page: who is logged in, and whether a logout button makes sense."""
    policy: AccessPolicy | None = getattr(request.app.state, "access", None)
    return {"current_user": current_user(request), "can_log_out": bool(policy and policy.required)}


def _hostname(host_header: str) -> str:
    return urlsplit("//" + host_header).hostname or ""


def _wants_json(scope: Scope) -> bool:
    path: str = scope["path"]
    return path.startswith("/api/") or path == "/openapi.json" or scope["method"] != "GET"


class AccessMiddleware:
    """Pure ASGI: resolves the user of every request, or turns it away (401, or a redirect to /login)."""

    def __init__(self, app: ASGIApp, *, policy: AccessPolicy, sessions: LoginSessions, throttle: LoginThrottle) -> None:
        self.app = app
        self.policy = policy
        self.sessions = sessions
        self.throttle = throttle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if not self.policy.required:
            host = headers.get("host", "")
            if not is_loopback(_hostname(host)):
                message = (
                    f"this server answers only to localhost, not {host!r}; give it an access setting to serve others"
                )
                await JSONResponse({"error": message}, status_code=403)(scope, receive, send)
                return
            scope[USER_SCOPE_KEY] = LOCAL_USER
            await self.app(scope, receive, send)
            return
        refusal = await self._bearer_refusal(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        user = await self._user(headers)
        if user is None and scope["path"] not in PUBLIC_PATHS:
            await self._turn_away(scope, receive, send, bearer_given=headers.get("authorization") is not None)
            return
        scope[USER_SCOPE_KEY] = user
        await self.app(scope, receive, send)

    async def _bearer_refusal(self, scope: Scope, headers: Headers) -> Response | None:
        """A 429 for a bearer token from an address that sent too many wrong ones (counting this one)."""
        scheme, _, credentials = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        address = client_address(scope)
        reason = await self.throttle.refusal(name=None, address=address)
        if reason is None and not self.policy.token_matches(credentials.strip()):
            try:
                await self.throttle.failed(name=None, address=address)
            except ResponseError as exc:  # a full Redis: a guess that cannot be counted is not let through
                if not is_out_of_memory(exc):
                    raise
                return JSONResponse({"error": describe_full(None)}, status_code=507)
            return None  # turned away as not logged in
        if reason is None:
            return None
        return JSONResponse({"error": f"not logged in: {reason}"}, status_code=429, headers={"Retry-After": "300"})

    async def _user(self, headers: Headers) -> str | None:
        authorization = headers.get("authorization", "")
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "bearer":
            return API_USER if self.policy.token_matches(credentials.strip()) else None
        cookie = Request({"type": "http", "headers": headers.raw}).cookies.get(COOKIE)
        return await self.sessions.user(cookie)

    async def _turn_away(self, scope: Scope, receive: Receive, send: Send, *, bearer_given: bool) -> None:
        response: Response
        if _wants_json(scope):
            reason = (
                "the access token is wrong" if bearer_given else "log in first (POST /login) or send a bearer token"
            )
            response = JSONResponse(
                {"error": f"not logged in: {reason}"}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
        else:
            target = scope["path"] + (("?" + scope["query_string"].decode("latin-1")) if scope["query_string"] else "")
            response = RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        await response(scope, receive, send)


def _policy(request: Request) -> AccessPolicy:
    policy: AccessPolicy | None = getattr(request.app.state, "access", None)
    return policy or AccessPolicy()


def _safe_next(raw: str | None) -> str:
    """Only a path on this server: never ``//other.host`` or a scheme (no open redirect)."""
    if not raw or not raw.startswith("/") or raw.startswith("//") or "\\" in raw or any(ord(c) < 32 for c in raw):
        return "/"
    return raw


def _login_page(request: Request, *, error: str = "", name: str = "", status: int = 200) -> Response:
    policy = _policy(request)
    context = {
        "error": error,
        "name": name,
        "next": _safe_next(request.query_params.get("next")),
        "with_users": policy.users_file is not None,
        "with_token": policy.token is not None,
        "app_name": services(request).app_name,
    }
    return templates.TemplateResponse(request, "login.html", context, status_code=status)


async def login_form(request: Request) -> Response:
    """The login page (the one page that needs no login)."""
    if not _policy(request).required:
        return RedirectResponse("/", status_code=303)
    return _login_page(request)


async def _check_credentials(policy: AccessPolicy, name: str, password: str) -> str | None:
    """The user these credentials log in, or None."""
    users = await blocking(policy.users)
    if name in users:  # a users-file name is only ever logged in with its own password
        return name if await blocking(verify_password, password, users[name]) else None
    if policy.token_matches(password):
        return name or TOKEN_USER
    return None


async def login(request: Request) -> Response:
    """Check the name and password (or access token) and start a session."""
    policy = _policy(request)
    if not policy.required:
        return RedirectResponse("/", status_code=303)
    form = await request.form()
    name = str(form.get("name") or "").strip()
    password = str(form.get("password") or "")
    if name and not NAME.match(name):
        return _login_page(request, error="That name has characters a user name cannot have.", status=422)
    throttle: LoginThrottle = request.app.state.login_throttle
    address = client_address(request.scope)
    refusal = await throttle.refusal(name=name, address=address)
    if refusal is not None:
        return _login_page(request, error=refusal, name=name, status=429)
    user = await _check_credentials(policy, name, password)
    if user is None:
        await throttle.failed(name=name, address=address)
        return _login_page(request, error="Wrong name or password.", name=name, status=401)
    await throttle.succeeded(name=name)
    sessions: LoginSessions = request.app.state.sessions
    response = RedirectResponse(_safe_next(str(form.get("next") or "")), status_code=303)
    response.set_cookie(
        COOKIE,
        await sessions.start(user),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https" or os.environ.get("VIKTORLITE_SECURE_COOKIES") == "1",
    )
    return response


async def logout(request: Request) -> Response:
    """End the session (server-side too, so a copied cookie stops working) and show the login page."""
    sessions: LoginSessions | None = getattr(request.app.state, "sessions", None)
    if sessions is not None:
        await sessions.end(request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, httponly=True, samesite="lax")
    return response


templates.context_processors.append(template_context)

routes = [
    Route("/login", login_form, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
]
