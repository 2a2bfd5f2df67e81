"""The quick look after a job (issue 18): a worker's own children from /proc/self/task/*/children,
instead of a sweep of all of /proc, and the spare horse kept apart from the running job's tree."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from support import HANG, wait_until
from viktorlite.workers.job_tree import own_children, process_table

pytestmark = pytest.mark.skipif(own_children() is None, reason="this kernel does not list a process's children")


def _sleeper() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1000)"])


def _state(pid: int) -> str:
    row = process_table().get(pid)
    return row.state if row else "gone"


def test_own_children_lists_live_children_and_unreaped_zombies():
    live, dying = _sleeper(), _sleeper()
    try:
        dying.send_signal(signal.SIGKILL)
        wait_until(lambda: _state(dying.pid) == "Z", HANG, "the killed child to be a zombie")
        children = own_children()
        assert children is not None and {live.pid, dying.pid} <= children
        dying.wait()
        assert dying.pid not in (own_children() or set())
    finally:
        live.kill()
        live.wait()


#: Run in a process of its own: ending a tree kills every other descendant of the process (here the
#: test session's Redis, were it run in the test process itself).
TREE_SCRIPT = """
import subprocess, sys
from viktorlite.workers.job_tree import JobTree, process_table

def sleeper():
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1000)"])

def state(pid):
    row = process_table().get(pid)
    return row.state if row else "gone"

tree = JobTree()  # no cgroups: the sweep of /proc finds the job's processes
job, spare = sleeper(), sleeper()
tree.horse, tree.apart = job.pid, spare.pid
assert tree.left_over()  # the job's process is still there
assert job.pid in tree.members() and spare.pid not in tree.members()
tree.end()
assert state(job.pid) == "gone", state(job.pid)  # killed and reaped
assert state(spare.pid) not in ("Z", "gone"), state(spare.pid)
assert not tree.left_over()  # only the spare is left, and it is apart
spare.kill()
spare.wait()
print("ok")
"""


def test_a_tree_with_anything_left_is_swept_and_its_spare_is_not_part_of_it():
    done = subprocess.run([sys.executable, "-c", TREE_SCRIPT], capture_output=True, text=True, timeout=HANG)
    assert done.stdout.strip() == "ok", done.stderr
