"""Child processes never outlive their supervisor, even one that dies while it starts them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import HANG, alive, wait_until

ORPHAN = """
import os, signal, sys, time
from viktorlite.processes import die_with_parent

parent = os.getpid()
child = os.fork()
if child:
    print(child, flush=True)
    os._exit(0)  # the parent dies before its child asks to die with it
while os.getppid() == parent:
    time.sleep(0.01)
die_with_parent(signal.SIGTERM, parent=parent)
open(sys.argv[1], "w").write("the orphan kept running")
"""


def test_a_child_whose_parent_died_before_it_asked_to_die_with_it_ends(tmp_path: Path):
    marker = tmp_path / "survived"
    started = subprocess.run(
        [sys.executable, "-c", ORPHAN, str(marker)], capture_output=True, text=True, timeout=HANG, check=True
    )
    child = int(started.stdout)
    wait_until(lambda: not alive(child) or marker.exists(), HANG, "the orphan to end")
    assert not marker.exists(), marker.read_text()
