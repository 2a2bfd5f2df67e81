"""Child processes that never outlive their supervisor.

Each child runs in its own session (so a terminal's Ctrl-C reaches only the supervisor, which
then stops the children in order) and asks the kernel to kill it when its parent dies, so even a
SIGKILLed supervisor leaves no orphans behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

_PR_SET_PDEATHSIG = 1

#: The supervisor's pid, as a :class:`ManagedProcess` hands it to its child (see :func:`exit_when_orphaned`).
SUPERVISOR_ENV = "VIKTORLITE_SUPERVISOR_PID"
#: Seconds an orphaned child has for its own shutdown before :func:`exit_when_orphaned` ends it.
ORPHAN_GRACE = 10.0

#: How a parent hands a Redis URL to the ``worker`` and ``web`` commands it starts: the environment,
#: which only the same user can read, never the command line, which ``ps`` shows everyone.
REDIS_URL_ENV = "VIKTORLITE_REDIS_URL"


def with_redis_url(redis_url: str, env: dict[str, str] | None = None) -> dict[str, str]:
    """``env`` (default: this process's environment) with :data:`REDIS_URL_ENV` set to ``redis_url``."""
    return {**(os.environ if env is None else env), REDIS_URL_ENV: redis_url}


def die_with_parent(sig: int = signal.SIGTERM, parent: int | None = None) -> None:
    """Ask Linux to send ``sig`` to this process when its parent exits (no-op elsewhere).

    ``parent`` is the pid of the process that forked this one, taken before the fork: a parent that
    died between the fork and this request sends no signal, so the request is followed by a look at
    who the parent is now, and an orphan signals itself.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), sig)


def exit_when_orphaned(grace: float = ORPHAN_GRACE) -> None:
    """End this process ``grace`` seconds after its supervisor died, if it has not ended by then.

    The kernel's SIGTERM (:func:`die_with_parent`) starts a worker's warm shutdown, but a shutdown
    that talks to the Redis that died with the supervisor can wait for it for good. A no-op for a
    process no :class:`ManagedProcess` started (the variable is read once and not passed on).
    """
    supervisor = os.environ.pop(SUPERVISOR_ENV, "")
    if not supervisor.isdigit():
        return

    def watch() -> None:
        while os.getppid() == int(supervisor):
            time.sleep(1)
        time.sleep(grace)
        os._exit(1)  # its own children die with it (their die_with_parent)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


class ManagedProcess:
    """One supervised child: started in its own session, stopped politely, then firmly."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        log_file: Path | None = None,
        pass_fds: Sequence[int] = (),
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.env = env
        self.cwd = cwd
        self.log_file = log_file
        #: File descriptors the child inherits (the listening socket of web processes).
        self.pass_fds = tuple(pass_fds)
        self.popen: subprocess.Popen[bytes] | None = None
        self.restarts = 0

    def start(self) -> None:
        output = None
        if self.log_file is not None:
            self.log_file.parent.mkdir(parents=True, exist_ok=True)
            output = open(self.log_file, "ab")  # noqa: SIM115 - the child owns it from here
        try:
            self.popen = subprocess.Popen(
                self.argv,
                env={**(os.environ if self.env is None else self.env), SUPERVISOR_ENV: str(os.getpid())},
                cwd=self.cwd,
                stdout=output,
                stderr=subprocess.STDOUT if output else None,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                pass_fds=self.pass_fds,
                preexec_fn=functools.partial(die_with_parent, parent=os.getpid()),
            )
        finally:
            if output is not None:
                output.close()

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def exit_code(self) -> int | None:
        return self.popen.poll() if self.popen else None

    def stop(self, grace: float = 5.0, sig: int = signal.SIGTERM) -> None:
        """Send ``sig`` to the child's process group, wait ``grace`` seconds, then SIGKILL it."""
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self.signal_group(sig)
            try:
                self.popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.signal_group(signal.SIGKILL)
                self.popen.wait(timeout=5)
        # The group may still hold grandchildren (a work horse); they must not outlive the child.
        self.signal_group(signal.SIGKILL)

    def signal_group(self, sig: int) -> None:
        assert self.popen is not None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, sig)
