"""What the web routes share: the Redis connections, the entity store and the app's manifest."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from pydantic import ValidationError
from redis import Redis
from redis.asyncio import Redis as AsyncRedis
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from viktorlite.store.connection import async_pool, connect
from viktorlite.store.entities import EntityNotFound, EntityRecord, EntityStore
from viktorlite.store.keys import Keys
from viktorlite.store.manifest import parse_manifest

from .errors import ApiError
from .event_fanout import ChannelFamily, EventFanout
from .job_waits import WaitSlots

log = logging.getLogger(__name__)
#: How many ended jobs :attr:`Services.ended_jobs` remembers.
ENDED_JOBS_KEPT = 4096
P = ParamSpec("P")
R = TypeVar("R")
#: Async Redis connections of one web process: requests beyond it wait for one instead of failing
#: (event streams share one pub/sub connection, web/event_fanout.py, and hold none of these).
ASYNC_POOL_SIZE = 16
ASYNC_POOL_WAIT_SECONDS = 20
#: How long a pooled connection may sit idle before it is PINGed on its next use.
HEALTH_CHECK_SECONDS = 1


class RecentIds:
    """The last ``size`` ids added, each with a value, for a quick "seen it?" or "when?" (insertion
    order; the oldest go first)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._ids: dict[str, float | None] = {}

    def add(self, item: str, value: float | None = None) -> None:
        self._ids[item] = value
        if len(self._ids) > self._size:
            del self._ids[next(iter(self._ids))]

    def __contains__(self, item: object) -> bool:
        return item in self._ids

    def get(self, item: str) -> float | None:
        return self._ids.get(item)


@dataclass
class Services:
    app_name: str
    redis: Redis
    async_redis: AsyncRedis
    events: EventFanout
    waits: WaitSlots
    #: Jobs this process saw end (their end event went out on a stream): a newer run of their view
    #: need not look whether they still run (issue 18: one command less on the POST).
    ended_jobs: RecentIds = field(default_factory=lambda: RecentIds(ENDED_JOBS_KEPT))
    #: Jobs this process queued, and when: their streams may know from the event fanout alone that
    #: they have not ended yet (issue 18: no read of the outcome when the stream opens).
    queued_at: RecentIds = field(default_factory=lambda: RecentIds(ENDED_JOBS_KEPT))
    #: The last manifest read, kept parsed while its text stays the same (it is read on every job).
    _manifest_text: bytes | str | None = field(default=None, repr=False)
    _manifest: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def connect(cls, redis_url: str, app_name: str) -> Services:
        # A connection idle for a second is PINGed before use, and opened again if the PING fails: after
        # Redis restarts (serve restarts a crashed embedded one), the first save is not answered with a
        # 503 from a connection to the old server. A WATCHed save cannot be retried by redis-py itself.
        # Any URL store/connection.py takes: rediss://, an ACL user, redis+sentinel://.
        pool = async_pool(
            redis_url,
            max_connections=ASYNC_POOL_SIZE,
            timeout=ASYNC_POOL_WAIT_SECONDS,
            health_check_interval=HEALTH_CHECK_SECONDS,
            retry=AsyncRetry(NoBackoff(), 1),
        )
        async_redis = AsyncRedis.from_pool(pool)  # closed with the client
        sync_redis = connect(redis_url, health_check_interval=HEALTH_CHECK_SECONDS)
        prefix, suffix = Keys(app_name).job_events("\0").split("\0")
        # Every job's channel of the app by one pattern: a job's stream subscribes with no command (issue 18).
        events = EventFanout(async_redis, families=[ChannelFamily(prefix, suffix)])
        return cls(app_name, sync_redis, async_redis, events, WaitSlots.from_env())

    @property
    def entities(self) -> EntityStore:
        return EntityStore(self.redis, self.app_name)

    async def manifest(self) -> dict[str, Any]:
        """The published manifest, checked against the protocol once per version; 503 until a
        worker has published one, or when what it published is not a manifest this process reads."""
        return self._manifest_of(await self.async_redis.get(Keys(self.app_name).manifest))

    async def entity_and_manifest(self, entity_id: int) -> tuple[EntityRecord, dict[str, Any]]:
        """The entity (a 404 naming it when there is none) and the manifest, in one command (a job's POST)."""
        keys = Keys(self.app_name)
        raw_entity, text = await self.async_redis.mget([keys.entity(entity_id), keys.manifest])
        if raw_entity is None:
            raise ApiError(404, str(EntityNotFound(f"entity {entity_id} does not exist")))
        return EntityRecord(**json.loads(raw_entity)), self._manifest_of(text)

    def _manifest_of(self, text: bytes | str | None) -> dict[str, Any]:
        if text is None:
            raise ApiError(503, "no worker has published the app yet; is a worker running?")
        if text != self._manifest_text:
            try:
                parse_manifest(text)
            except ValidationError as exc:
                log.error("the published manifest of %s does not fit the protocol: %s", self.app_name, exc)
                raise ApiError(503, f"the published manifest cannot be read: {exc.error_count()} problems") from None
            self._manifest, self._manifest_text = json.loads(text), text
        return self._manifest

    async def entity_type(self, name: str) -> dict[str, Any]:
        return entity_type_in(await self.manifest(), name)


def entity_type_in(manifest: dict[str, Any], name: str) -> dict[str, Any]:
    """The entity type ``name`` of a manifest read already, or a 404 naming the known ones."""
    for entity_type in manifest["entity_types"]:
        if entity_type["name"] == name:
            return dict(entity_type)
    known = ", ".join(t["name"] for t in manifest["entity_types"]) or "none"
    raise ApiError(404, f"unknown entity type {name!r} (known: {known})")


def entity_id_from_path(request: Request) -> int:
    raw = request.path_params["entity_id"]
    try:
        return int(raw)
    except ValueError:
        raise ApiError(404, f"entity id must be a whole number, not {raw!r}") from None


async def existing_entity(svc: Services, entity_id: int) -> EntityRecord:
    """The entity, or a 404 naming it."""
    try:
        return await blocking(svc.entities.get, entity_id)
    except EntityNotFound as exc:
        raise ApiError(404, str(exc)) from None


async def check_parent_allows(svc: Services, entity_type: str, parent_id: int | None) -> None:
    """A child's type must be listed in its parent's ``children``; top level is always allowed."""
    if parent_id is None:
        return
    parent = await existing_entity(svc, parent_id)
    parent_type = await svc.entity_type(parent.entity_type)
    if entity_type not in parent_type.get("children", []):
        raise ApiError(422, f"parent_id: a {parent.entity_type} cannot hold a {entity_type}")


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


async def blocking(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a blocking Redis/RQ call off the event loop."""
    return await run_in_threadpool(function, *args, **kwargs)
