"""CPU seconds per test and per module, the processes each test starts included.

Usage: ``PYTHONPATH=tests .venv/bin/pytest -p cpu_per_test [pytest arguments]``.

The suite is CPU-bound on a 2-core machine (both cores busy for the whole of ``make test``), so its
wall time follows the CPU its tests spend, most of it in the servers, workers and work horses they
start, which ``--durations`` (wall time of the test process) cannot tell apart from waiting. Each
pytest process (each xdist worker) moves itself into a cpuacct cgroup of its own, which the
processes it starts inherit; a test's CPU is that group's usage across the test. Needs cgroup v1's
cpuacct hierarchy and the right to make groups there (root); otherwise it says so and measures nothing.
Each test's figures go to build/cpu-per-test.jsonl; the terminal summary lists the costliest modules.
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

HIERARCHY = Path("/sys/fs/cgroup/cpuacct")
RECORD = Path("build/cpu-per-test.jsonl")
SHOWN = 30
_group: Path | None = None


def _usage(group: Path) -> float:
    return int((group / "cpuacct.usage").read_text()) / 1e9


def pytest_configure(config: pytest.Config) -> None:
    global _group
    if not hasattr(config, "workerinput"):
        RECORD.parent.mkdir(parents=True, exist_ok=True)
        RECORD.write_text("")  # the controller starts the record; its workers append to it
    group = HIERARCHY / f"viktorlite-cpu-per-test-{os.getpid()}"
    try:
        group.mkdir(exist_ok=True)
        (group / "cgroup.procs").write_text(str(os.getpid()))
    except OSError as exc:
        print(f"cpu_per_test: no cpuacct group ({exc}); nothing is measured")
        return
    _group = group


def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave the group for the parent's, so the empty group can be removed."""
    if _group is None:
        return
    try:
        (_group.parent / "cgroup.procs").write_text(str(os.getpid()))
        _group.rmdir()
    except OSError:
        pass  # a process the suite left running still holds it


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    if _group is None:
        yield
        return
    cpu, wall = _usage(_group), time.monotonic()
    yield
    spent = {"id": item.nodeid, "cpu": round(_usage(_group) - cpu, 3), "wall": round(time.monotonic() - wall, 3)}
    with RECORD.open("a") as record:
        record.write(json.dumps(spent) + "\n")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    if hasattr(config, "workerinput") or not RECORD.exists():
        return
    cpu: dict[str, float] = defaultdict(float)
    wall: dict[str, float] = defaultdict(float)
    for line in RECORD.read_text().splitlines():
        spent = json.loads(line)
        module = spent["id"].split("::", 1)[0]
        cpu[module] += spent["cpu"]
        wall[module] += spent["wall"]
    if not cpu:
        return
    terminalreporter.section(f"CPU seconds per module, started processes included ({SHOWN} costliest)")
    terminalreporter.write_line(f"all modules: {sum(cpu.values()):.0f} s CPU, {sum(wall.values()):.0f} s wall")
    for module in sorted(cpu, key=cpu.__getitem__, reverse=True)[:SHOWN]:
        terminalreporter.write_line(f"{cpu[module]:8.1f} s CPU {wall[module]:8.1f} s wall  {module}")
