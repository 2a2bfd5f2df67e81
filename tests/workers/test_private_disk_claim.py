"""A worker's successor waits for the worker's disk until the worker is gone, however it goes."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from support import wait_until
from viktorlite.workers.private_disk import disk_holder

CLAIM_AND_WAIT = """
import sys, time
from pathlib import Path
from viktorlite.workers.private_disk import claim_disk
claim_disk(Path(sys.argv[1]), "worker-1")
print("claimed", flush=True)
time.sleep(600)  # killed by the test; only a hang guard
"""


def waits_for_a_lock(pid: int) -> bool:
    """Blocked lock requests show in /proc/locks as ``N: -> FLOCK ADVISORY WRITE PID ...``."""
    return any(
        line.split()[1:3] == ["->", "FLOCK"] and line.split()[5] == str(pid)
        for line in Path("/proc/locks").read_text().splitlines()
    )


def claimer(data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-P", "-c", CLAIM_AND_WAIT, str(data_dir)], stdout=subprocess.PIPE, text=True
    )


def test_the_successor_claims_the_disk_when_its_predecessor_is_killed(tmp_path: Path):
    first = claimer(tmp_path)
    second = None
    try:
        assert first.stdout is not None and first.stdout.readline() == "claimed\n"
        assert disk_holder(tmp_path, "worker-1") == first.pid
        second = claimer(tmp_path)
        wait_until(lambda: waits_for_a_lock(second.pid), 120, "the second to wait for the disk")
        assert disk_holder(tmp_path, "worker-1") == first.pid
        first.send_signal(signal.SIGKILL)
        assert second.stdout is not None and second.stdout.readline() == "claimed\n"
        assert disk_holder(tmp_path, "worker-1") == second.pid
    finally:
        for process in (first, second):
            if process is not None:
                process.kill()
                process.wait()
