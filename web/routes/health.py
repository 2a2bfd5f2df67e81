"""``GET /healthz``: is this web process able to serve, and are its background loops alive?

200 with each loop's state and Redis reachability when all is well; 503 naming what is not (a
loop failing or dead, Redis unreachable), so a load balancer or an operator sees a web process
that answers but no longer reaps or summarises. It needs no login, and says nothing about data.
"""

from __future__ import annotations

import os

import anyio
from redis.exceptions import RedisError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from viktorlite.web.background_loops import BackgroundLoops
from viktorlite.web.services import services

#: Seconds a PING may take before Redis counts as unreachable.
PING_SECONDS = 2.0


async def redis_reachable(request: Request) -> tuple[bool, str | None]:
    try:
        with anyio.fail_after(PING_SECONDS):
            await services(request).async_redis.ping()
    except (RedisError, OSError, TimeoutError) as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, None


async def healthz(request: Request) -> Response:
    """The state of every background loop and whether Redis answers; 503 naming what fails."""
    loops: BackgroundLoops = request.app.state.loops
    reachable, error = await redis_reachable(request)
    problems = [f"background loop {name} is {loops.loops[name].state}" for name in loops.unhealthy()]
    if not reachable:
        problems.insert(0, f"Redis is unreachable ({error})")
    body: dict[str, object] = {
        "status": "failing" if problems else "ok",
        "redis": {"reachable": reachable, "error": error},
        "loops": loops.to_json(),
        # Which of several web processes answered, and whether it runs the once-per-cluster loops.
        "pid": os.getpid(),
        "cluster_lease": request.app.state.lease.held,
    }
    if problems:
        body["error"] = "; ".join(problems)
    return JSONResponse(body, status_code=503 if problems else 200, headers={"Cache-Control": "no-store"})


routes = [Route("/healthz", healthz, methods=["GET"])]
