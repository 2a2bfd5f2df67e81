"""A supervised child whose supervisor was SIGKILLed ends even when its own shutdown never ends
(viktorlite.processes.exit_when_orphaned): a worker's warm shutdown can wait for good on the Redis
that died with ``serve``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from support import HANG, alive, wait_until

#: A child that ignores the kernel's SIGTERM (as a shutdown stuck on a dead Redis does, in effect).
STUCK_CHILD = """
import signal, time
from viktorlite.processes import exit_when_orphaned
signal.signal(signal.SIGTERM, signal.SIG_IGN)
exit_when_orphaned(grace=0.5)
print("ready", flush=True)
time.sleep(600)
"""

SUPERVISOR = """
import sys, time
from pathlib import Path
from viktorlite.processes import ManagedProcess
child = ManagedProcess("stuck", [sys.executable, "-c", sys.argv[1]], log_file=Path(sys.argv[2]))
child.start()
print(child.pid, flush=True)
time.sleep(600)
"""


def test_a_child_stuck_in_its_shutdown_ends_after_its_supervisor_is_killed(tmp_path: Path):
    log = tmp_path / "child.log"
    supervisor = subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR, STUCK_CHILD, str(log)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert supervisor.stdout is not None
        child = int(supervisor.stdout.readline())
        wait_until(lambda: log.exists() and "ready" in log.read_text(), HANG, "the child to start its watch")
    finally:
        supervisor.send_signal(signal.SIGKILL)
        supervisor.wait()
    try:
        wait_until(lambda: not alive(child), HANG, "the orphaned child to end")
    finally:
        if alive(child):
            os.kill(child, signal.SIGKILL)
