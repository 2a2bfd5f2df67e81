"""One worker process: make a private disk, import the app once, publish its manifest, serve jobs."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from redis import Redis
from rq import Worker
from rq.job import Job
from rq.serializers import JSONSerializer

from viktorlite.app.config import AppConfigError, app_name, read_config
from viktorlite.app.loader import load_app
from viktorlite.app.manifest_builder import build_manifest
from viktorlite.jobs import inputs as job_inputs
from viktorlite.jobs import log as job_log
from viktorlite.jobs.inputs import KeptInputs
from viktorlite.jobs.queue import queue_for
from viktorlite.jobs.reaper import reap_orphaned_jobs
from viktorlite.jobs.settings import JobSettings
from viktorlite.jobs.stuck_dequeues import live_workers, recover_stuck_dequeues
from viktorlite.processes import exit_when_orphaned
from viktorlite.protocol.job_request import JobRequest
from viktorlite.protocol.manifest import AppManifest, LoadErrorManifest
from viktorlite.sdk._preload import preload_services
from viktorlite.store.connection import connect
from viktorlite.store.keys import Keys
from viktorlite.store.manifest import publish_manifest
from viktorlite.store.memo_cache import clear_local
from viktorlite.store.redis_wait import wait_for_redis

from . import execute
from .allowed_job import ViktorliteJob
from .disk_report import DiskReport
from .heartbeat import Heartbeat
from .horse_watch import IsolatedWorker, WatchSettings
from .job_limits import JobLimits
from .load_error import load_error, load_error_manifest
from .private_disk import PrivateDisk, claim_disk, disk_root

log = logging.getLogger(__name__)


def claim_worker_name(connection: Redis, name: str) -> None:
    """Mark a previous worker of this name as dead, so a replacement may register under it."""
    key = Worker.redis_worker_namespace_prefix + name
    if connection.exists(key):
        connection.hset(key, "death", "replaced")


def limits_for(job: Job) -> JobLimits:
    """The limits of one job: its own time limit (set when it was queued) and the app's memory and disk."""
    app = execute._state.app  # the app this worker loaded (execute.prepare)
    settings = app.config.jobs if app is not None else JobSettings()
    method = str(job.meta.get("method", ""))
    setting = f"[viktorlite.timeouts] {method}" if method in settings.timeouts else "[viktorlite] job_timeout"
    seconds = float(job.timeout) if job.timeout is not None and job.timeout > 0 else None
    return JobLimits(seconds, settings.memory_mb, settings.disk_mb, setting)


def record_ended(job: Job, outcome: dict[str, Any], started: float) -> None:
    """Add a job the worker ended (limit, stop, crash) to its entity's job log, as the horse does."""
    request = JobRequest.model_validate(job.args[0])
    context = execute.context_for(request, execute._state, job_id=job.id, connection=job.connection)
    job_log.record(context, outcome, started)


def kept_inputs(job: Job, started: float) -> KeptInputs | None:
    """The replay record of a job the worker ended, kept with its outcome as the horse keeps it."""
    request = JobRequest.model_validate(job.args[0])
    context = execute.context_for(request, execute._state, job_id=job.id, connection=job.connection)
    # None when not kept, or kept apart (the horse wrote it when the job started).
    return job_inputs.with_outcome(execute.replay_inputs(request, context, started))


def run_worker(app_dir: Path, redis_url: str, name: str, data_dir: Path, *, production: bool = False) -> None:
    """Run one worker until it is told to stop."""
    exit_when_orphaned()
    app_dir = app_dir.resolve()
    the_app = app_name(app_dir)
    claim_disk(data_dir, name)  # a replacement (hot reload, spare) waits here, imports done, for its predecessor
    disk = PrivateDisk.fresh(disk_root(data_dir, name), app_dir, exclude=data_dir)
    os.chdir(disk.app_dir)
    os.environ["TMPDIR"] = str(disk.scratch)
    tempfile.tempdir = str(disk.scratch)
    connection = connect(redis_url)
    manifest: AppManifest | LoadErrorManifest
    try:
        loaded = load_app(disk.app_dir, name=the_app)
        manifest = build_manifest(loaded)  # a bad Parametrization may only show here
    except Exception as exc:  # noqa: BLE001 - a broken app is reported, not fatal
        error = load_error(exc, disk.app_dir, app_dir)  # the user's file, not the private copy, in the traceback
        log.error("worker %s: the app failed to load:\n%s", name, error["traceback"])
        app_type = None
        with contextlib.suppress(AppConfigError):
            app_type = read_config(disk.app_dir, name=the_app).app_type
        manifest = load_error_manifest(the_app, app_type, error)
        execute.prepare(name, production, None, error)
    else:
        execute.prepare(name, production, loaded, source_dir=app_dir)
        preload_services()  # once here, instead of in every forked job
    wait_for_redis(connection, f"worker {name}")  # serve may be restarting a crashed embedded Redis
    # Jobs the previous process of this name left started are over: the disk lock says it is gone.
    reap_orphaned_jobs(connection, the_app, dead_worker=name)
    # Jobs taken off the queue but never started: with no other worker alive, none is being started.
    recover_stuck_dequeues(connection, the_app, at_once=not live_workers(connection, the_app, besides=[name]))
    clear_local(connection, the_app, name)  # a fresh dev process starts with an empty memoize cache
    publish_manifest(connection, manifest)
    claim_worker_name(connection, name)
    worker = IsolatedWorker(
        [queue_for(connection, the_app)],
        connection=connection,
        serializer=JSONSerializer,
        name=name,
        job_class=ViktorliteJob,  # runs run_job only, whatever a queued job names
        log_job_description=False,  # the description holds the whole params snapshot; run_job logs a line instead
        watch=WatchSettings(the_app, disk.root, limits_for, record_ended, kept_inputs),
    )
    log.info("worker %s serving %s (queue %s, disk %s)", name, the_app, Keys(the_app).queue, disk.root)
    Heartbeat(redis_url, the_app, name).start()
    DiskReport(redis_url, the_app, name, disk.root).start()
    # Every job's horse is a fork of this process: objects it only reads stay shared pages, unless
    # a collection in the horse walks them (and so copies them). What is here now lives as long as the
    # worker: set it apart from the collector (issue 18).
    gc.collect()
    gc.freeze()
    # RQ's own lines repeat what run_job logs per job (with entity and method); keep only its warnings.
    worker.work(logging_level="WARNING")
