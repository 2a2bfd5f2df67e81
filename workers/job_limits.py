"""A job's limits (time, memory, disk) and how each way a job can end is told to the user.

The worker parent enforces the limits from outside the work horse (:mod:`.horse_watch`), so app
code can neither catch nor outrun them; every message names the limit and the setting that
raises it. Exit statuses are named for what they are: an exit code is the app's own doing, a
signal is named, a kill by the memory limit says so.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .disk_usage import measure
from .limits import MB, memory_error

#: Error kinds, as the outcome's ``error.kind`` has them.
TIMEOUT = "timeout"
SYSTEM = "system"
APP = "app"


@dataclass(frozen=True)
class JobLimits:
    #: Seconds from the fork of the horse to its SIGKILL; None: no time limit.
    seconds: float | None
    memory_mb: int
    disk_mb: int
    #: The setting that raises the time limit: ``job_timeout`` or ``[viktorlite.timeouts] METHOD``.
    timeout_setting: str = "[viktorlite] job_timeout"


def timeout_error(limits: JobLimits) -> dict[str, Any]:
    seconds = f"{limits.seconds:g}" if limits.seconds is not None else "?"
    return {
        "kind": TIMEOUT,
        "message": f"The job ran longer than its time limit ({seconds} s) and was stopped. "
        f"Raise {limits.timeout_setting} in viktor.config.toml if it really needs longer.",
    }


def disk_error(limits: JobLimits, written_bytes: int) -> dict[str, Any]:
    return {
        "kind": SYSTEM,
        "message": f"The job wrote {written_bytes / MB:.1f} MB to its worker's private disk, more than its "
        f"disk limit ({limits.disk_mb} MB), and was stopped. "
        "Raise [viktorlite] job_disk_mb in viktor.config.toml if it really needs more.",
    }


def memory_limit_error(limits: JobLimits) -> dict[str, Any]:
    return memory_error(limits.memory_mb)


STOPPED = {"kind": SYSTEM, "message": "The job was stopped before it finished."}
STOPPED_BEFORE_START = {"kind": SYSTEM, "message": "The job was stopped before it started."}


def exit_error(status: int) -> dict[str, Any]:
    """What a horse's ``waitpid`` status says about how it ended, for a job that left no outcome."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number == signal.SIGKILL:
            return {"kind": SYSTEM, "message": "The process running this job was killed before it finished."}
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return {"kind": SYSTEM, "message": f"The process running this job was killed by {name} before it finished."}
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else status
    return {
        "kind": APP,
        "message": f"The app's code ended the process with exit code {code} before the job finished.",
    }


# -- the disk quota, as the horse checks it before it reports its outcome --------------------------


def filesystem_used(path: Path) -> int:
    """Bytes in use on the whole filesystem that holds ``path`` (one ``statvfs``: constant time)."""
    try:
        fs = os.statvfs(path)
    except OSError:
        return 0
    return (fs.f_blocks - fs.f_bfree) * fs.f_frsize


#: While a job runs, its disk is walked at least this often (seconds), whatever the filesystem says.
EXACT_SECONDS = 2.0


@dataclass(frozen=True)
class DiskQuota:
    """The job's disk limit: what it adds to the private disk at ``root``.

    Walking a disk of many files takes long, so while the job runs most looks only ask whether the
    whole filesystem grew by more than the limit since the job started (a constant-time ``statvfs``).
    That bound fails when another process frees space on the same filesystem meanwhile (another
    worker's job), so the watch walks the disk every :data:`EXACT_SECONDS` too, and the last look
    at the job's end always walks it.
    """

    root: Path
    #: What the disk held when the job started (allocated bytes; a walk made before the job).
    baseline: int
    limits: JobLimits
    #: The filesystem's bytes in use when the job started.
    filesystem_start: int = 0

    @property
    def allowed(self) -> int:
        return self.limits.disk_mb * MB

    def written(self, exact: bool = False) -> int:
        """Bytes the job added so far (stops counting a little past the quota); unless ``exact``, the
        filesystem's growth when that is within the limit (no walk)."""
        if not exact and self.filesystem_start:
            grown = filesystem_used(self.root) - self.filesystem_start
            if grown <= self.allowed:
                return max(0, grown)
        used = measure(self.root, stop_above=self.baseline + self.allowed).allocated_bytes
        return max(0, used - self.baseline)

    def exceeded(self) -> dict[str, Any] | None:
        """The disk limit error if the job wrote too much (a walk of the disk: the last look)."""
        written = self.written(exact=True)
        return disk_error(self.limits, written) if written > self.allowed else None


#: Set in the worker parent right before the fork, so the horse inherits it.
_armed: DiskQuota | None = None


def arm(quota: DiskQuota | None) -> None:
    global _armed
    _armed = quota


def exceeded_at_end() -> dict[str, Any] | None:
    """In the horse, before the outcome is published: the job's disk limit error, if it wrote too much.

    The parent checks the disk while the job runs, but a job can write fast and end between two
    checks; this last look keeps a job over its limit from reporting success.
    """
    return _armed.exceeded() if _armed is not None else None
