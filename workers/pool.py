"""The worker pool: N worker processes, each with its own name and disk, replaced when they die."""

from __future__ import annotations

import logging
import signal
import sys
import time
from pathlib import Path

from viktorlite.processes import ManagedProcess

log = logging.getLogger(__name__)


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
    ) -> None:
        """``python``: the interpreter of the app's own environment (default: this one); ``log_dir``: write
        each worker's output to ``NAME.log`` there instead of this process's terminal."""
        self.workers = [
            ManagedProcess(
                f"worker-{index}",
                [
                    python or sys.executable,
                    "-P",
                    "-m",
                    "viktorlite",
                    "worker",
                    str(app_dir),
                    "--redis-url",
                    redis_url,
                    "--name",
                    f"worker-{index}",
                    "--data-dir",
                    str(data_dir),
                    *(["--production"] if production else []),
                ],
                log_file=log_dir / f"worker-{index}.log" if log_dir else None,
            )
            for index in range(1, count + 1)
        ]

    def start(self) -> None:
        for worker in self.workers:
            worker.start()

    def replace_dead(self) -> list[str]:
        """Start a fresh process (with a fresh disk) for every worker that died; return their names."""
        replaced = []
        for worker in self.workers:
            if worker.popen is not None and not worker.alive():
                log.warning("%s exited with code %s; starting a new one", worker.name, worker.exit_code())
                worker.stop()
                worker.restarts += 1
                worker.start()
                replaced.append(worker.name)
        return replaced

    def stop(self, grace: float = 5.0) -> None:
        """Ask every worker to finish its current job (RQ's warm shutdown); kill it after ``grace`` s."""
        for worker in self.workers:
            if worker.alive():
                worker.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for worker in self.workers:
            worker.stop(grace=max(0.0, deadline - time.monotonic()))

    def names(self) -> list[str]:
        return [worker.name for worker in self.workers]
