"""Shared fixtures: a real embedded Redis, real worker processes, the real web app.

Nothing here is mocked: apps are copied to a temporary folder under a unique name (which also
namespaces their Redis keys), served by real ``viktorlite worker`` processes and reached through
the real Starlette app. A test of the web process alone needs no worker: ``publish_app`` publishes
the manifest a worker would publish, built by the same code in this process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from starlette.testclient import TestClient

from coverage_children import pytest_sessionstart  # noqa: F401  (hook: started processes measured by path)
from slowest_first import (  # noqa: F401  (hooks: the slowest modules start first)
    pytest_collection_modifyitems,
    pytest_configure_node,
    pytest_runtest_logreport,
    pytest_sessionfinish,
)
from support import APPS, Served, copy_app, start_web, wait_for_manifest
from untraced_marker import pytest_configure, pytest_runtest_call  # noqa: F401  (hooks: @pytest.mark.untraced)
from viktorlite.app.config import app_name
from viktorlite.app.loader import load_app
from viktorlite.app.manifest_builder import build_manifest
from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.processes import ManagedProcess
from viktorlite.store.manifest import publish_manifest
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = EmbeddedRedis(tmp_path_factory.mktemp("redis"))
    url = server.start()
    yield url
    server.stop()


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


@dataclass
class RunningApp:
    name: str
    directory: Path
    data_dir: Path
    redis_url: str
    pool: WorkerPool

    def pool_redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.redis_url)

    def client(self) -> TestClient:
        return TestClient(create_app(self.redis_url, self.name, app_dir=self.directory))


def _start_app(source: str | Path, parent: Path, redis_url: str, workers: int, production: bool) -> RunningApp:
    source = Path(source)
    if not source.is_absolute():
        source = APPS / source
    directory = copy_app(source, parent)
    data_dir = parent / f"data-{directory.name}"
    pool = WorkerPool(directory, redis_url, data_dir, workers, production=production)
    pool.start()
    try:
        client = redis.Redis.from_url(redis_url)
        wait_for_manifest(client, directory.name)
        client.close()
    except BaseException:
        pool.stop()
        raise
    return RunningApp(directory.name, directory, data_dir, redis_url, pool)


def _stop_all(pools: list[WorkerPool]) -> None:
    """Stop the pools side by side: each waits for its workers' warm shutdown, which takes a moment."""
    stoppers = [threading.Thread(target=pool.stop) for pool in pools]
    for stopper in stoppers:
        stopper.start()
    for stopper in stoppers:
        stopper.join()


@pytest.fixture
def start_app(tmp_path: Path, redis_url: str) -> Iterator[Callable[..., RunningApp]]:
    """Start real worker processes for a copy of an app; stopped at the end of the test."""
    pools: list[WorkerPool] = []

    def start(source: str | Path, workers: int = 1, production: bool = False) -> RunningApp:
        running = _start_app(source, tmp_path, redis_url, workers, production)
        pools.append(running.pool)
        return running

    yield start
    _stop_all(pools)


@pytest.fixture(scope="module")
def start_module_app(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[Callable[..., RunningApp]]:
    """``start_app`` shared by a test module: one copy and one pool per (app, workers, production), stopped
    after the module's last test.

    Starting and stopping worker processes is most of the time of a test through real workers; a
    module whose tests each make their own entities (and so share no job, log, Storage zone or
    superseded view) needs them once. A test that kills, restarts or counts workers, or that reads
    app-wide state (workspace Storage, the whole entity tree, every blob) keeps its own ``start_app``.
    """
    parent = tmp_path_factory.mktemp("module-apps")
    started: dict[tuple[str, int, bool], RunningApp] = {}

    def start(source: str | Path, workers: int = 1, production: bool = False) -> RunningApp:
        key = (str(source), workers, production)
        if key not in started:
            started[key] = _start_app(source, parent, redis_url, workers, production)
        return started[key]

    yield start
    _stop_all([running.pool for running in started.values()])


@pytest.fixture(scope="module")
def start_module_web() -> Iterator[Callable[[RunningApp | PublishedApp], str]]:
    """``start_module_web(running)``: the URL of a real ``viktorlite web`` process for an app of
    ``start_module_app`` (or ``publish_module_app``), one per app for the test module, stopped after its
    last test."""
    started: dict[str, tuple[ManagedProcess, str]] = {}

    def start(running: RunningApp | PublishedApp) -> str:
        if running.name not in started:
            started[running.name] = start_web(running.directory, running.redis_url)
        return started[running.name][1]

    yield start
    for web, _ in started.values():
        web.stop()


@dataclass
class PublishedApp:
    """An app whose manifest is in Redis as its workers would publish it, with no worker running."""

    name: str
    directory: Path
    redis_url: str
    manifest: dict[str, Any]

    def pool_redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.redis_url)

    def client(self) -> TestClient:
        return TestClient(create_app(self.redis_url, self.name, app_dir=self.directory))


def _publish_app(source: str | Path, parent: Path, redis_url: str) -> PublishedApp:
    source = Path(source)
    if not source.is_absolute():
        source = APPS / source
    directory = copy_app(source, parent)
    name = app_name(directory)
    manifest = build_manifest(load_app(directory, name=name))
    client = redis.Redis.from_url(redis_url)
    publish_manifest(client, manifest)
    client.close()
    return PublishedApp(name, directory, redis_url, manifest)


@pytest.fixture
def publish_app(tmp_path: Path, redis_url: str) -> Callable[..., PublishedApp]:
    """Publish the manifest of a copy of an app, built in this process by the workers' own manifest builder.

    For tests of the web process that never need a job to run: entities, input checks, initial
    entities, the API's answers. A job such a test starts stays queued (no worker takes it).
    """

    def publish(source: str | Path) -> PublishedApp:
        return _publish_app(source, tmp_path, redis_url)

    return publish


@pytest.fixture(scope="module")
def publish_module_app(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Callable[..., PublishedApp]:
    """``publish_app`` shared by a test module: one copy per app, published once; with
    ``start_module_web`` its tests share one web process, as ``start_module_app``'s share workers (for
    tests that each make their own entities and uploads and read no app-wide state)."""
    parent = tmp_path_factory.mktemp("module-published")
    published: dict[str, PublishedApp] = {}

    def publish(source: str | Path) -> PublishedApp:
        if str(source) not in published:
            published[str(source)] = _publish_app(source, parent, redis_url)
        return published[str(source)]

    return publish


@pytest.fixture
def served(app_dir: Path) -> Iterator[Served]:
    """A real ``viktorlite serve`` of the test module's ``app_dir`` fixture, stopped after the test."""
    with Served(app_dir) as server:
        yield server
