"""``viktorlite check``: run every view and button of an app once, with its default params.

Real parts only, so that "ok" means "works under ``serve``": the app runs in a real worker process
(:class:`~viktorlite.workers.pool.WorkerPool`) against a Redis (an embedded one in a temp dir
unless ``redis_url`` is given), and every method is an ordinary job enqueued through
:mod:`viktorlite.jobs.queue`. Each method thus gets a fresh fork of the worker, exactly as in the editor,
and one method that crashes its process cannot take the others down.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import redis

from viktorlite.app.app_files import skipped_names
from viktorlite.app.config import read_config
from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.jobs import queue as jobs
from viktorlite.protocol.schema import kinds_with
from viktorlite.store.blobs import BlobStore
from viktorlite.store.connection import connect
from viktorlite.store.entities import EntityStore
from viktorlite.store.manifest import read_manifest

PASSING = ("ok", "user error")
#: What a job outcome's error kind means in the table.
STATUS_OF_KIND = {"user": "user error", "app": "app error", "timeout": "timeout", "system": "app error"}
#: Marker the SDK's offline stand-ins put in their errors (see viktorlite.sdk._offline).
UNAVAILABLE_MARKER = "not available offline"

#: Field kinds whose columns are nodes of their own.
ROW_KINDS = kinds_with("rows")


class CheckError(Exception):
    """The app could not be checked at all (it failed to load, or its worker died); says why."""


@dataclass
class MethodResult:
    """One row of the check's table."""

    entity_type: str
    method: str
    kind: str
    status: str
    result_type: str | None
    seconds: float
    message: str | None = None


@dataclass
class _Target:
    entity_type: str
    method: str
    kind: str
    trigger: jobs.Trigger
    event: dict[str, Any] | None = None
    upload: jobs.UploadRequest | None = None


def status_of(outcome_error: dict[str, Any] | None) -> str:
    """The table status of a job: ok, user error, app error, timeout or unsupported."""
    if outcome_error is None:
        return "ok"
    # An app that catches the stand-in's error and raises a UserError handled it: that stays a user error.
    if outcome_error.get("kind") == "app" and UNAVAILABLE_MARKER in str(outcome_error.get("message", "")):
        return "unsupported"
    return STATUS_OF_KIND.get(str(outcome_error.get("kind")), "app error")


def _targets(entity_type: dict[str, Any], sample_file: Path | None, blobs: BlobStore) -> Iterator[_Target]:
    name = entity_type["name"]
    for view in entity_type.get("views", []):
        yield _Target(name, view["method"], view["type"], "view")
    seen: set[str] = set()
    for button in entity_type.get("buttons", []):
        if button["method"] in seen:  # several buttons may run one method; it runs once
            continue
        seen.add(button["method"])
        # An interaction button gets an empty selection: nobody is there to pick features.
        event = {"type": button["interaction"]["type"], "value": []} if button.get("interaction") else None
        yield _Target(name, button["method"], button["type"], "button", event)
    file_type = entity_type.get("file_type")
    if file_type and sample_file is not None:
        with sample_file.open("rb") as handle:
            file_id = blobs.put(handle, filename=sample_file.name)
        upload = jobs.UploadRequest(file_id=file_id, filename=sample_file.name)
        yield _Target(name, file_type["method"], "ParamsFromFile", "upload", upload=upload)


def _wait_for_manifest(connection: redis.Redis, app: str, pool: Any, log_dir: Path, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        manifest = read_manifest(connection, app)
        if manifest is not None:
            if manifest.get("error"):
                error = manifest["error"]
                raise CheckError(f"{error['message']}\n{error.get('traceback', '')}".rstrip())
            return manifest
        if not any(worker.alive() for worker in pool.workers):
            raise CheckError("the worker exited while loading the app:\n" + _log_tail(log_dir))
        time.sleep(0.05)
    raise CheckError(f"the worker did not load the app within {timeout:.0f} s:\n" + _log_tail(log_dir))


def _log_tail(log_dir: Path) -> str:
    logs = sorted(log_dir.glob("*.log"))
    return "".join(path.read_text(errors="replace")[-3000:] for path in logs)


def _run_one(connection: redis.Redis, app: str, target: _Target, entity: dict[str, Any], timeout: int) -> MethodResult:
    request = jobs.JobRequest(
        app=app,
        entity_id=entity["id"],
        entity_type=target.entity_type,
        entity_name=entity["name"],
        method=target.method,
        trigger=target.trigger,
        params=entity["params"],
        event=target.event,
        upload=target.upload,
        user="viktorlite check",
    )
    started = time.monotonic()
    job_id = jobs.enqueue(connection, request, timeout=timeout)
    described = jobs.wait_for_end(connection, app, job_id, timeout + 15)
    seconds = round(time.monotonic() - started, 3)
    row = MethodResult(target.entity_type, target.method, target.kind, "timeout", None, seconds)
    if described is None or not jobs.has_ended(described):
        row.message = f"no result within {timeout + 15} s"
        return row
    error = described.get("error")
    row.status = status_of(error)
    if error is None:
        result = described.get("result") or {}
        row.result_type = result.get("type")
    else:
        row.message = str(error.get("message", ""))
    return row


def _copy_app(app_dir: Path, parent: Path) -> Path:
    """A copy under a unique name: its Redis keys can never meet those of a served copy of the app."""
    target = parent / f"{app_dir.name}-check-{uuid.uuid4().hex[:8]}"
    shutil.copytree(app_dir, target, ignore=skipped_names)
    return target


@dataclass
class CheckReport:
    manifest: dict[str, Any]
    rows: list[MethodResult]
    skipped_uploads: list[str]

    @property
    def passed(self) -> bool:
        return all(row.status in PASSING for row in self.rows)

    def to_json(self) -> list[dict[str, Any]]:
        return [asdict(row) for row in self.rows]


def run_check(
    app_dir: Path,
    *,
    redis_url: str | None = None,
    timeout: int = 60,
    sample_file: Path | None = None,
    python: str | None = None,
    load_timeout: float = 120.0,
) -> CheckReport:
    """Load the app in a worker, then run each view and button of each entity type once."""
    from viktorlite.workers.pool import WorkerPool  # the workers package is imported by workers, not the web

    read_config(app_dir)  # an unusable folder fails here, with AppConfigError's message
    with tempfile.TemporaryDirectory(prefix="viktorlite-check-") as temp:
        root = Path(temp)
        server = None
        if redis_url is None:
            server = EmbeddedRedis(root / "redis")
            redis_url = server.start()
        copy = _copy_app(app_dir, root)
        pool = WorkerPool(copy, redis_url, root / "data", 1, python=python, log_dir=root / "logs")
        connection = connect(redis_url)
        try:
            pool.start()
            manifest = _wait_for_manifest(connection, copy.name, pool, root / "logs", load_timeout)
            manifest["app"] = app_dir.name  # report the app's own name, not the copy's
            return _run_all(connection, copy.name, manifest, timeout, sample_file)
        finally:
            pool.stop(grace=2)
            connection.close()
            if server is not None:
                server.stop()


def _run_all(
    connection: redis.Redis, app: str, manifest: dict[str, Any], timeout: int, sample_file: Path | None
) -> CheckReport:
    store = EntityStore(connection, app)
    blobs = BlobStore(connection, app)
    rows: list[MethodResult] = []
    skipped = []
    for entity_type in manifest["entity_types"]:
        params = entity_type.get("default_params") or {}
        record = store.create(entity_type["name"], f"check {entity_type['name']}", params, author="viktorlite check")
        entity = {"id": record.id, "name": record.name, "params": params}
        if entity_type.get("file_type") and sample_file is None:
            skipped.append(f"{entity_type['name']}.{entity_type['file_type']['method']}")
        for target in _targets(entity_type, sample_file, blobs):
            rows.append(_run_one(connection, app, target, entity, timeout))
    return CheckReport(manifest, rows, skipped)


def _describe_nodes(items: list[dict[str, Any]], depth: int) -> Iterator[str]:
    for node in items:
        kind = node.get("kind")
        label = node.get("type") or kind
        title = node.get("title") or node.get("ui_name") or ""
        where = node.get("storage") or node.get("path") or node.get("method") or ""
        extra = f" = {json.dumps(node['default'])}" if node.get("default") is not None else ""
        if kind in ("text", "linebreak", "image"):
            continue
        yield f"{'  ' * depth}{label} {where} {title!r}{extra}".rstrip()
        if kind in ("page", "step", "tab", "section") or node.get("type") in ROW_KINDS:
            yield from _describe_nodes(node.get("items") or [], depth + 1)


def describe_app(manifest: dict[str, Any]) -> str:
    """Entity types and their parametrization, one line per group, field and button."""
    lines = [f"app {manifest['app']} ({manifest['app_type']})"]
    for entity_type in manifest["entity_types"]:
        views = ", ".join(f"{v['method']} ({v['type']})" for v in entity_type.get("views", [])) or "none"
        lines.append(f"entity type {entity_type['name']}: views {views}")
        lines.extend(_describe_nodes(entity_type["parametrization"].get("items", []), 1))
    return "\n".join(lines)


COLUMNS = ("entity_type", "method", "kind", "status", "result_type", "seconds")


def format_table(rows: list[MethodResult]) -> str:
    """The rows as an aligned text table, with each failure's message under its row."""
    cells = [["entity type", "method", "kind", "status", "result type", "seconds"]]
    for row in rows:
        cells.append([str(getattr(row, c) if getattr(row, c) is not None else "-") for c in COLUMNS])
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    out = []
    for index, line in enumerate(cells):
        out.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
        row_index = index - 1
        if row_index >= 0 and rows[row_index].status != "ok" and rows[row_index].message:
            out.append("    " + str(rows[row_index].message).strip().splitlines()[0][:300])
    return "\n".join(out)
