"""One data dir, one running instance: an exclusive ``flock`` on a file in the data dir.

Two ``serve`` (or ``web``, or embedded Redis) processes on the same data dir would run two Redis
servers on one append-only file and hand out the same entity ids. The lock is taken before
anything starts; the kernel releases it when its holder dies, however it dies, so a crashed
instance never leaves a stale lock behind. The holder writes who it is into the lock file, so a
refused start can name the running instance.

``web`` processes alone take the lock shared: several of them may serve one data dir (they keep
no data files of their own, and share its login secret), but none while a ``serve`` or an
embedded Redis holds it, and no ``serve`` while one of them runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

FILE_NAME = "instance.lock"
#: Set by ``serve`` for the web process it starts: that data dir is already locked by its parent.
HELD_BY_PARENT_ENV = "VIKTORLITE_DATA_DIR_LOCKED"


@dataclass(frozen=True)
class Holder:
    """Who holds the lock: written into the lock file by its holder."""

    pid: int
    command: str
    url: str | None = None
    app_dir: str | None = None

    def describe(self) -> str:
        serving = f", serving {self.app_dir} at {self.url}" if self.url else ""
        return f"viktorlite {self.command} (pid {self.pid}{serving})"


class DataDirInUse(RuntimeError):
    """Another live process holds the lock; the message names it and says what to do."""

    def __init__(self, data_dir: Path, holder: Holder | None) -> None:
        who = holder.describe() if holder else "another viktorlite process"
        super().__init__(
            f"{who} is already using the data dir {data_dir}; stop it first, or give this one another --data-dir"
        )
        self.holder = holder


class InstanceLock:
    """The exclusive lock on ``data_dir``; kept for the life of this object's holder (or until :meth:`release`)."""

    def __init__(self, data_dir: Path, file_name: str = FILE_NAME) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / file_name
        self.fd: int | None = None

    def acquire(self, holder: Holder, *, shared: bool = False) -> InstanceLock:
        """Take the lock at once or raise :class:`DataDirInUse`; never waits.

        ``shared``: beside other shared holders (who then are not named: the file names the
        exclusive holder only).
        """
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise DataDirInUse(self.data_dir, read_holder(self.path)) from None
        os.ftruncate(fd, 0)  # what a dead exclusive holder wrote; shared holders write nothing
        if not shared:
            os.pwrite(fd, (json.dumps(asdict(holder)) + "\n").encode(), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, 0)
            os.close(self.fd)  # closing the last descriptor drops the flock
            self.fd = None


def read_holder(path: Path) -> Holder | None:
    """What the lock's holder wrote, or None while it has not written yet (or the file is unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Holder(**data)
    except (OSError, ValueError, TypeError):
        return None


def held_by_parent(data_dir: Path) -> bool:
    """True when the process that started this one locked ``data_dir`` for it (serve's web process)."""
    return os.environ.get(HELD_BY_PARENT_ENV) == str(Path(data_dir).resolve())
