"""A worker's private disk: its own copy of the app folder plus scratch space.

Production runs each app process on a disk of its own that is reset when the process is
replaced; giving every worker a fresh copy makes an app's reliance on local files show up
locally, before deployment.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from viktorlite.app.app_files import skipped_names

log = logging.getLogger(__name__)


def _ignore(source_root: Path, excluded: Path | None) -> Callable[[str, list[str]], set[str]]:
    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = skipped_names(folder, names)
        if excluded is not None:
            skipped |= {name for name in names if (Path(folder) / name).resolve() == excluded}
        return skipped

    return ignore


def disk_root(data_dir: Path, worker: str) -> Path:
    """Where the worker named ``worker`` keeps its private disk."""
    return data_dir / "workers" / worker


def _lock_file(data_dir: Path, worker: str) -> Path:
    # Not in the disk (fresh() wipes it) nor beside it (the folder of disks holds only disks).
    return data_dir / "worker-locks" / f"{worker}.lock"


def claim_disk(data_dir: Path, worker: str) -> int:
    """Wait until no other process uses ``worker``'s disk, then hold it until this process exits.

    A replacement worker (hot reload, a spare) starts before its predecessor is gone; the lock makes
    it wait, and the kernel releases the lock however the predecessor dies. The lock file records
    the holder's pid (see :func:`disk_holder`). Returns the lock's descriptor, to be kept open.
    """
    path = _lock_file(data_dir, worker)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        # The usual case in dev: a spare, imports done, standing by for the next reload or crash.
        log.debug("%s: standing by until the process on this disk exits", worker)
        fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd


def disk_holder(data_dir: Path, worker: str) -> int | None:
    """The pid of the process that last claimed ``worker``'s disk (it may have exited since)."""
    try:
        return int(_lock_file(data_dir, worker).read_text())
    except (OSError, ValueError):
        return None


@dataclass(frozen=True)
class PrivateDisk:
    root: Path

    @property
    def app_dir(self) -> Path:
        return self.root / "app"

    @property
    def scratch(self) -> Path:
        return self.root / "scratch"

    @classmethod
    def fresh(cls, root: Path, app_source: Path, *, exclude: Path | None = None) -> PrivateDisk:
        """Wipe ``root`` and fill it with a copy of ``app_source`` (minus ``exclude``)."""
        disk = cls(Path(root))
        shutil.rmtree(disk.root, ignore_errors=True)
        disk.root.mkdir(parents=True)
        shutil.copytree(
            app_source,
            disk.app_dir,
            ignore=_ignore(app_source.resolve(), exclude.resolve() if exclude else None),
        )
        disk.scratch.mkdir()
        return disk
