"""The worker pool: N worker processes, each with its own name and disk, replaced when they die.

With ``spares``, every slot also keeps a spare process that has done its imports and waits for
the slot's disk (see ``claim_disk``): when the worker exits, is replaced, or a hot reload restarts
it, the spare takes over at once and only has to copy and import the app.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from pathlib import Path

from viktorlite.processes import ManagedProcess, with_redis_url

from .private_disk import disk_holder

log = logging.getLogger(__name__)

#: Seconds a worker gets to stop on a hot reload: a job of the old code is not worth waiting for.
RELOAD_GRACE = 0.25


class WorkerPool:
    def __init__(
        self,
        app_dir: Path,
        redis_url: str,
        data_dir: Path,
        count: int,
        *,
        production: bool = False,
        python: str | None = None,
        log_dir: Path | None = None,
        spares: bool = False,
    ) -> None:
        """``python``: the interpreter of the app's own environment (default: this one); ``log_dir``: write
        each worker's output to ``NAME.log`` there instead of this process's terminal; ``spares``: keep
        a spare process per worker, for fast restarts (hot reload)."""
        self._argv = [
            *[python or sys.executable, "-P", "-m", "viktorlite", "worker", str(app_dir)],
            *["--data-dir", str(data_dir), *(["--production"] if production else [])],
        ]
        self._env = with_redis_url(redis_url)
        self._data_dir = data_dir
        self._log_dir = log_dir
        self._keep_spares = spares
        self._lock = threading.Lock()  # the supervisor's watch loop and the reloader share the pool
        self.workers = [self._process(f"worker-{index}") for index in range(1, count + 1)]
        self.spares: list[ManagedProcess | None] = [None] * count

    def _process(self, name: str) -> ManagedProcess:
        log_file = self._log_dir / f"{name}.log" if self._log_dir else None
        return ManagedProcess(name, [*self._argv, "--name", name], env=self._env, log_file=log_file)

    def start(self) -> None:
        with self._lock:
            for worker in self.workers:
                worker.start()

    def replace_dead(self) -> list[str]:
        """Start a fresh process (with a fresh disk) for every worker that died; return their names.

        Called on every tick of the supervisor, which is also when missing spares are started."""
        replaced = []
        with self._lock:
            for index, worker in enumerate(self.workers):
                if worker.popen is not None and not worker.alive():
                    log.warning("%s exited with code %s; starting a new one", worker.name, worker.exit_code())
                    worker.stop()
                    self._take_over(index)
                    replaced.append(worker.name)
            self._keep_spares_ready()
        return replaced

    def restart_all(self, grace: float = RELOAD_GRACE) -> None:
        """Replace every worker by a new process with a fresh copy of the app (a hot reload)."""
        with self._lock:
            old = list(self.workers)
            for worker in old:
                if worker.alive():
                    worker.signal_group(signal.SIGTERM)
            for index in range(len(old)):
                self._take_over(index)  # the successors wait for the disks the old ones still hold
            deadline = time.monotonic() + grace
            for worker in old:
                worker.stop(grace=max(0.0, deadline - time.monotonic()))

    def _take_over(self, index: int) -> None:
        """The slot's spare becomes its worker; without a live spare a new process starts."""
        old, spare = self.workers[index], self.spares[index]
        self.spares[index] = None
        if spare is None or not spare.alive():
            spare = self._process(old.name)
            spare.start()
        spare.restarts = old.restarts + 1
        self.workers[index] = spare

    def _keep_spares_ready(self) -> None:
        """Start a spare for each worker that holds its disk (so the spare can only queue behind it)."""
        if not self._keep_spares:
            return
        for index, worker in enumerate(self.workers):
            spare = self.spares[index]
            if spare is not None and not spare.alive():
                spare.stop()
                self.spares[index] = spare = None
            if spare is None and worker.alive() and disk_holder(self._data_dir, worker.name) == worker.pid:
                spare = self._process(worker.name)
                spare.start()
                self.spares[index] = spare

    def stop(self, grace: float = 5.0) -> None:
        """Ask every worker to finish its current job (RQ's warm shutdown); kill it after ``grace`` s."""
        with self._lock:
            waiting = [spare for spare in self.spares if spare is not None]
            self.spares = [None] * len(self.workers)
            for process in [*self.workers, *waiting]:
                if process.alive():
                    process.signal_group(signal.SIGTERM)
            deadline = time.monotonic() + grace
            for process in [*self.workers, *waiting]:
                process.stop(grace=max(0.0, deadline - time.monotonic()))

    def names(self) -> list[str]:
        return [worker.name for worker in self.workers]
