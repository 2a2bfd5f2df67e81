"""The web process's security layers, in the order a request meets them.

1. :class:`SecurityHeaders` - CSP and hardening headers on every answer, refusals included;
2. :class:`OriginCheck` - state-changing requests from other sites are refused;
3. :class:`AccessMiddleware` - who the user is, or a 401/redirect to the login page;
4. :class:`BodyLimitMiddleware` - bodies counted as they arrive, 413 past the limit.
"""

from __future__ import annotations

import os
from typing import Any

from starlette.applications import Starlette

from viktorlite.web.middleware.access import AccessMiddleware, AccessPolicy
from viktorlite.web.middleware.body_limits import BodyLimitMiddleware, BodyLimits
from viktorlite.web.middleware.login_sessions import LoginSessions
from viktorlite.web.middleware.login_throttle import LoginThrottle
from viktorlite.web.middleware.origin_check import OriginCheck
from viktorlite.web.middleware.security_headers import SecurityHeaders, editor_policy
from viktorlite.web.services import Services


def secure(app: Starlette, services: Services, access: AccessPolicy | None) -> None:
    """Wrap ``app`` in the layers above; ``access=None`` is an embedded app (tests) with no login at all.

    The access policy, the session store and the login throttle are kept on ``app.state`` for the
    login routes.
    """
    app.state.access = access
    layers: list[tuple[Any, dict[str, Any]]] = [
        (SecurityHeaders, {"policy": editor_policy(os.environ.get("VIKTORLITE_MAP_TILES", ""))}),
        (OriginCheck, {}),
    ]
    if access is not None:
        sessions = LoginSessions(services.async_redis, services.app_name, access.secret or os.urandom(32).hex())
        throttle = LoginThrottle(services.async_redis, services.app_name)
        app.state.sessions, app.state.login_throttle = sessions, throttle
        layers.append((AccessMiddleware, {"policy": access, "sessions": sessions, "throttle": throttle}))
    layers.append((BodyLimitMiddleware, {"limits": BodyLimits.from_env()}))
    for layer, options in reversed(layers):  # add_middleware puts each new layer outermost
        app.add_middleware(layer, **options)
