"""Runners in the test process: an app loaded as a worker loads it, a job run as a work horse runs it.

``in_process(app)`` copies the app, imports it here with ``viktor`` aliased and builds its manifest
(as ``workers/worker_process.py`` does), and ``.run(...)`` sends one job request through the
worker's own ``run_request`` with a real job context on the session's Redis: the runner, the app's
method, the result checks and the blobs are all real; only the fork and RQ are left out. A case
costs milliseconds instead of a worker process, so every case of a runner is checked here; the
tests through real worker processes (``test_views_and_buttons.py``, ``test_parametrization_jobs.py``,
``tests/jobs/test_job_path.py``) prove the path itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis

from support import APPS, copy_app
from viktorlite.app.config import app_name
from viktorlite.app.loader import LoadedApp, load_app
from viktorlite.app.manifest_builder import build_manifest
from viktorlite.jobs import context as job_context
from viktorlite.jobs.queue import JobRequest
from viktorlite.store.entities import EntityStore
from viktorlite.workers import job_messages
from viktorlite.workers.execute import WorkerState, context_for, run_request


@dataclass
class Ran:
    """One job's end, as ``run_job`` would publish it (without the worker's name)."""

    outcome: dict[str, Any]
    messages: list[dict[str, Any]]
    job_id: str
    raised: BaseException | None

    @property
    def result(self) -> dict[str, Any]:
        assert self.outcome["ok"], self.outcome["error"]
        result: dict[str, Any] = self.outcome["result"]
        return result

    @property
    def error(self) -> dict[str, Any]:
        assert not self.outcome["ok"], self.outcome["result"]
        error: dict[str, Any] = self.outcome["error"]
        return error


@dataclass
class InProcessApp:
    name: str
    directory: Path
    loaded: LoadedApp
    manifest: dict[str, Any]
    connection: redis.Redis
    production: bool = False
    entity_types: dict[str, dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.entity_types = {t["name"]: t for t in self.manifest["entity_types"]}

    def default_params(self, entity_type: str) -> dict[str, Any]:
        """The params a new entity of ``entity_type`` starts with (the web process saves these)."""
        return dict(self.entity_types[entity_type]["default_params"])

    def new_entity(self, entity_type: str, name: str = "e", parent_id: int | None = None) -> int:
        """An entity created as the web process creates one: with the type's default params."""
        store = EntityStore(self.connection, self.name)
        return store.create(entity_type, name, self.default_params(entity_type), parent_id=parent_id).id

    def run(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        entity_type: str | None = None,
        trigger: str = "view",
        entity_id: int | None = None,
        **fields: Any,
    ) -> Ran:
        """Run one job of ``trigger`` for ``method``; ``params`` default to the type's default params."""
        entity_type = entity_type or next(iter(self.entity_types))
        request = JobRequest(
            app=self.name,
            entity_type=entity_type,
            entity_id=entity_id,
            method=method,
            trigger=trigger,  # type: ignore[arg-type]
            params=self.default_params(entity_type) if params is None else params,
            **fields,
        )
        state = WorkerState("worker-in-process", self.production, self.loaded, source_dir=self.directory)
        job_id = uuid.uuid4().hex
        context = context_for(request, state, job_id=job_id, connection=self.connection)
        job_context.enter(context)
        job_messages.install(context)
        try:
            ended = run_request(state, request, job_id)
        finally:
            job_messages.uninstall()
            job_context.enter(None)
        return Ran(ended.outcome, context.messages, job_id, ended.raised)


InProcess = Callable[..., InProcessApp]


@pytest.fixture
def in_process(tmp_path: Path, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[InProcess]:
    """``in_process(app, production=False)``: a copy of the app loaded in this process, ready to run jobs."""
    connections: list[redis.Redis] = []

    def load(source: str | Path, *, production: bool = False) -> InProcessApp:
        source = Path(source)
        if not source.is_absolute():
            source = APPS / source
        directory = copy_app(source, tmp_path)
        monkeypatch.chdir(directory)  # a worker's working directory is its copy of the app
        name = app_name(directory)
        loaded = load_app(directory, name=name)
        connection = redis.Redis.from_url(redis_url)
        connections.append(connection)
        manifest = build_manifest(loaded).model_dump(mode="json")  # as the worker publishes it
        return InProcessApp(name, directory, loaded, manifest, connection, production)

    yield load
    for connection in connections:
        connection.close()


@pytest.fixture(params=["cgroups", "session"])
def isolation(request: pytest.FixtureRequest, start_app, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple]:
    """The isolation app on one worker, with the job cgroups the machine allows, or with none: (the
    running app, a client, an entity's id). A module may define its own (more workers)."""
    if request.param == "session":
        monkeypatch.setenv("VIKTORLITE_JOB_CGROUPS", "0")
    running = start_app("isolation", workers=1)
    with running.client() as client:
        entity = client.post("/api/entities", json={"entity_type": "Isolation", "name": "I"}).json()
        yield running, client, entity["id"]
