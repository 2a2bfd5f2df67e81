"""The web process's background loops, kept alive through Redis outages and reported on ``/healthz``.

Each loop (summaries, the orphaned-job reaper, the session sweeper, the initial entities) runs
under :meth:`BackgroundLoops.run`: when its body raises, the loop is marked ``failing``, waits a
capped exponential backoff and starts its body again, so one Redis blip can no longer end the
task group they share (which once left the web process answering while nothing reaped or
summarised any more). An outage is logged once when it starts and once when it ends, not on
every try. A loop whose task ended although it should run forever is ``dead``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

import anyio
from anyio.abc import TaskGroup
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

#: First wait after a failure, and the longest: doubling in between.
FIRST_BACKOFF = 0.5
MAX_BACKOFF = 10.0

State = Literal["starting", "running", "failing", "done", "dead"]
#: States ``/healthz`` counts as healthy.
HEALTHY: tuple[State, ...] = ("starting", "running", "done")
#: Errors that mean "Redis is away" (BusyLoadingError, Redis loading its data after a restart, is one).
CONNECTION_ERRORS = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


@dataclass
class LoopHealth:
    """What one loop is doing, for ``/healthz``."""

    name: str
    state: State = "starting"
    #: The last error, while failing (or what ended a dead loop).
    error: str | None = None
    #: Failures in a row since the loop last worked.
    failures: int = 0
    #: ``time.time()`` of the last change of state.
    since: float = field(default_factory=time.time)

    def ok(self) -> None:
        """The loop's body has shown it works (a round done, a subscription made)."""
        if self.state == "failing":
            log.warning("background loop %s works again after %.1f s", self.name, time.time() - self.since)
        if self.state != "running":
            self.state, self.since = "running", time.time()
        self.error, self.failures = None, 0

    def failed(self, exc: BaseException) -> float:
        """Record a failure; return the seconds to wait before the next try. Logged once per outage."""
        self.error = f"{type(exc).__name__}: {exc}"
        if self.state != "failing":
            self.state, self.since = "failing", time.time()
            if isinstance(exc, CONNECTION_ERRORS):
                log.warning("background loop %s lost Redis (%s); retrying with backoff", self.name, self.error)
            else:
                log.error("background loop %s failed; retrying with backoff", self.name, exc_info=exc)
        self.failures += 1
        return min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** (self.failures - 1))

    def to_json(self) -> dict[str, object]:
        return {"state": self.state, "error": self.error, "failures": self.failures, "since": self.since}


Body = Callable[[LoopHealth], Awaitable[None]]


class BackgroundLoops:
    """The loops of one web process and their health."""

    def __init__(self) -> None:
        self.loops: dict[str, LoopHealth] = {}

    def start(self, group: TaskGroup, name: str, body: Body, *, forever: bool = True) -> LoopHealth:
        """Run ``body`` in ``group`` under :meth:`run`; ``forever=False``: a body that may end (``done``)."""
        health = self.loops[name] = LoopHealth(name)
        group.start_soon(self.run, health, body, forever, name=f"loop {name}")
        return health

    async def run(self, health: LoopHealth, body: Body, forever: bool) -> None:
        """Run ``body`` until it ends (``done``), starting it again after every failure."""
        try:
            while True:
                try:
                    await body(health)
                except Exception as exc:  # noqa: BLE001 - every failure is retried; failed() logs it
                    await anyio.sleep(health.failed(exc))
                    continue
                if forever:
                    health.state, health.error = "dead", "the loop ended"
                    log.error("background loop %s ended; it should run as long as the web process", health.name)
                else:
                    health.state, health.since = "done", time.time()
                return
        except anyio.get_cancelled_exc_class():
            raise  # the web process stops
        except BaseException as exc:
            health.state, health.error = "dead", f"{type(exc).__name__}: {exc}"
            raise

    def unhealthy(self) -> list[str]:
        return [name for name, health in self.loops.items() if health.state not in HEALTHY]

    def to_json(self) -> dict[str, dict[str, object]]:
        return {name: health.to_json() for name, health in self.loops.items()}


def every(seconds: float, one_round: Callable[[], Awaitable[None]]) -> Body:
    """A body that runs ``one_round`` every ``seconds`` (a round that raises fails the loop)."""

    async def body(health: LoopHealth) -> None:
        while True:
            await one_round()
            health.ok()
            await anyio.sleep(seconds)

    return body
