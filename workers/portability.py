"""Portability warnings: local-disk habits that work here but break in production, in the job log.

On the platform every job may land on another process with a fresh disk, and the working directory
is not the app folder. An audit hook (``sys.addaudithook``) watches every ``open`` while a job
runs and adds a warning to the job's messages, naming the app's line, when app code

* opens a path relative to the working directory (read or write): use ``Path(__file__).parent``;
* writes a file on the local disk outside the temp dir: keep results in ``viktor.Storage``.

Not warned: absolute reads (``Path(__file__)``-relative ones included), temp files, ``/dev``,
``/proc``, ``/sys``, opens with no app code on the stack (the runtime, imports), and libraries
writing their own files (caches) when called from app code, unless they write into the app folder.

Audit hooks cannot be removed, so the hook is installed in the work horse (which exits after its
one job) and does nothing unless a job is running.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import sysconfig
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from viktorlite.jobs import context as job_context

log = logging.getLogger(__name__)

MAX_WARNINGS_PER_JOB = 20
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
_SYSTEM_DIRS = ("/dev", "/proc", "/sys")
_LIBRARY_DIRS = ("site-packages", "dist-packages")
_VIKTORLITE_DIR = os.path.dirname(os.path.dirname(job_context.__file__))  # the folder holding viktorlite/


@dataclass
class _Watch:
    app_dir: str
    quiet_dirs: tuple[str, ...]
    stdlib_dirs: tuple[str, ...]
    seen: set[tuple[str, int, str]] = field(default_factory=set)
    busy: bool = False


_watch: _Watch | None = None


@functools.cache
def _folders(app_dir: str | Path, temp_dir: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The app folder, the quiet folders and the standard library's, resolved: the worker parent
    resolves them once (:func:`prepare`), so no job's horse walks the same paths again (issue 18)."""
    stdlib = {os.path.realpath(sysconfig.get_paths()[name]) for name in ("stdlib", "platstdlib")}
    quiet = (os.path.realpath(temp_dir), *_SYSTEM_DIRS)
    return os.path.realpath(app_dir), quiet, tuple(sorted(stdlib))


def prepare(app_dir: str | Path) -> None:
    """In the worker parent, before it forks: resolve the folders every job's :func:`install` needs."""
    _folders(app_dir, tempfile.gettempdir())


def install(app_dir: str | Path) -> None:
    """Watch the running job's opens from now on (the hook itself is added once per process)."""
    global _watch
    first = _watch is None
    # the worker's scratch dir (TMPDIR) is quiet
    app, quiet, stdlib = _folders(app_dir, tempfile.gettempdir())
    _watch = _Watch(app_dir=app, quiet_dirs=quiet, stdlib_dirs=stdlib)
    if first:
        sys.addaudithook(_hook)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event != "open":
        return
    watch = _watch
    if watch is None or watch.busy:
        return
    context = job_context.running()
    if context is None:
        return
    watch.busy = True  # our own work (frames, paths, logging) must not be watched
    try:
        _check(watch, context, args)
    except Exception:  # noqa: BLE001 - a warning helper must never break the app's open()
        log.debug("portability check failed", exc_info=True)
    finally:
        watch.busy = False


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _check(watch: _Watch, context: job_context.JobContext, args: tuple[Any, ...]) -> None:
    target, _mode, flags = args
    if isinstance(target, int):
        return  # an already open file descriptor
    path = os.fsdecode(target)
    writes = bool(flags & _WRITE_FLAGS) if isinstance(flags, int) else False
    relative = not os.path.isabs(path)
    absolute = os.path.realpath(path)
    in_app_folder = _inside(absolute, watch.app_dir)
    if not in_app_folder and any(_inside(absolute, quiet) for quiet in watch.quiet_dirs):
        return
    if not relative and not writes:
        return
    frame, via_library = _app_frame(watch)
    if frame is None:
        return
    library_cache = via_library and not in_app_folder  # a library's own files, e.g. a font cache
    if not relative and (library_cache or "__pycache__" in Path(absolute).parts):
        return
    app_file = os.path.relpath(frame.f_code.co_filename, watch.app_dir)
    line = frame.f_lineno
    kind = "relative" if relative else "write"
    if (app_file, line, kind) in watch.seen or len(watch.seen) >= MAX_WARNINGS_PER_JOB:
        return
    watch.seen.add((app_file, line, kind))
    message = _message(app_file, line, path, relative=relative, writes=writes)
    context.messages.append(
        {"kind": "warning", "message": message, "source": "portability", "file": app_file, "line": line}
    )
    log.warning("%s", message)


def _message(app_file: str, line: int, path: str, *, relative: bool, writes: bool) -> str:
    where = f"{app_file} line {line}"
    if relative:
        advice = f"locate files shipped with the app with Path(__file__).parent / {path!r}"
        if writes:
            advice += ", and keep results in viktor.Storage"
        return (
            f"{where} {'writes' if writes else 'opens'} {path!r} relative to the working directory. "
            f"In production the working directory is not the app folder, so this breaks: {advice}."
        )
    return (
        f"{where} writes {path!r} on this worker's local disk, outside its temp dir. In production the "
        "next job may run on another worker whose disk does not have this file, and disks are reset: "
        "keep results in viktor.Storage (use tempfile for scratch files)."
    )


def _app_frame(watch: _Watch) -> tuple[FrameType | None, bool]:
    """The innermost frame of app code, and whether a third-party library sits between it and the open."""
    frame: FrameType | None = sys._getframe(3)  # skip _app_frame, _check and _hook
    via_library = False
    while frame is not None:
        filename = frame.f_code.co_filename
        if _inside(filename, watch.app_dir):
            return frame, via_library
        if not _is_plumbing(filename, watch):
            via_library = True
        frame = frame.f_back
    return None, via_library


def _is_plumbing(filename: str, watch: _Watch) -> bool:
    """The standard library (io, pathlib, shutil, frozen importlib) and viktorlite only pass opens on."""
    if filename.startswith("<") or _inside(filename, _VIKTORLITE_DIR):
        return True
    if any(part in filename for part in _LIBRARY_DIRS):
        return False
    return any(_inside(filename, stdlib) for stdlib in watch.stdlib_dirs)
