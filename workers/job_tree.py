"""Every process a job starts, found and ended together: the job's process tree.

A work horse may fork, start ``subprocess.Popen`` children in new sessions, or leave daemons
behind; none of them may outlive the job or hide from its memory limit. Three layers, the first
two always on Linux, the third where the machine allows it:

- the horse starts its own session, so the job's processes are apart from the worker's;
- the worker parent is a *child subreaper* (``PR_SET_CHILD_SUBREAPER``): an orphaned process of a
  job is re-parented to the worker instead of to init, so every process a job started stays a
  descendant of the worker, whatever sessions it makes, and a sweep of ``/proc`` finds them all;
- where a cgroup hierarchy is writable, the horse runs in a cgroup of its own: cgroup v2 (any
  hierarchy, for ``cgroup.kill`` and ``memory.max`` where the memory controller is delegated) and
  the v1 memory controller (``memory.limit_in_bytes``, on hybrid machines). Then the kernel counts
  the whole tree's memory and kills inside it when it is over the limit.

``VIKTORLITE_JOB_CGROUPS=0`` turns the cgroups off (the tests use it to run the fallback here).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

log = logging.getLogger(__name__)

_PR_SET_CHILD_SUBREAPER = 36
#: How often :meth:`JobTree.kill` looks again for processes forked while it was killing.
KILL_ROUNDS = 100


def become_subreaper() -> bool:
    """Make orphans of this process's descendants its children (Linux >= 3.4); False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


@dataclass(frozen=True)
class ProcessRow:
    pid: int
    ppid: int
    state: str
    #: Resident pages (from /proc/PID/stat), for a quick look; memory checks read smaps_rollup.
    rss_pages: int


def _stat(pid: int) -> ProcessRow | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            raw = stat.read()
    except OSError:
        return None
    # "pid (comm) state ppid ..." where comm may hold spaces and parentheses: split after the last ")".
    fields = raw[raw.rfind(b")") + 2 :].split()
    return ProcessRow(pid, int(fields[1]), fields[0].decode(), int(fields[21]))


def process_table() -> dict[int, ProcessRow]:
    """Every process this one can see, by pid."""
    table = {}
    for name in os.listdir("/proc"):
        if name.isdigit() and (row := _stat(int(name))) is not None:
            table[row.pid] = row
    return table


def descendants(root: int, table: dict[int, ProcessRow] | None = None, *, apart: int = 0) -> set[int]:
    """The pids below ``root`` (not ``root`` itself), zombies included; ``apart`` and what is below it
    are left out (the worker's spare horse, which belongs to the next job)."""
    table = process_table() if table is None else table
    children: dict[int, list[int]] = {}
    for row in table.values():
        children.setdefault(row.ppid, []).append(row.pid)
    found: set[int] = set()
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found and child != apart:
                found.add(child)
                stack.append(child)
    return found


def own_children() -> set[int] | None:
    """This process's direct children, zombies included, from ``/proc/self/task/*/children`` (a few
    small reads instead of a sweep of all of ``/proc``); None where the kernel does not list them.

    Any descendant, however deep, has an ancestor among these until this process reaps it: orphans are
    re-parented to this process (the subreaper), and a zombie child stays listed until it is reaped
    here. So an empty answer means no descendant at all.
    """
    found: set[int] = set()
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return None
    listed = False
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/children", "rb") as children:
                found.update(int(pid) for pid in children.read().split())
            listed = True
        except FileNotFoundError:
            continue  # a thread that just ended, or a kernel without the file (then nothing is listed)
        except (OSError, ValueError):
            return None
    return found if listed else None


def private_bytes(pid: int) -> int:
    """Memory only this process maps (USS: private clean + dirty pages); 0 once it is gone."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith((b"Private_Clean:", b"Private_Dirty:")):
                    total += int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return 0
    return total


# -- cgroups -----------------------------------------------------------------------------------------


def _mounts() -> list[tuple[str, Path, str, set[str]]]:
    """(fs type, mount point, mount root, super options) of every cgroup mount."""
    found = []
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/mountinfo").read_text().splitlines():
            before, _, after = line.partition(" - ")
            parts, fs = before.split(), after.split()
            if len(fs) >= 3 and fs[0] in ("cgroup", "cgroup2"):
                found.append((fs[0], Path(parts[4]), parts[3], set(fs[2].split(","))))
    return found


def _own_paths() -> dict[str, str]:
    """This process's cgroup path per hierarchy: ``"v2"`` and each v1 controller name."""
    paths: dict[str, str] = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            number, controllers, path = line.split(":", 2)
            if number == "0" and controllers == "":
                paths["v2"] = path
            for controller in controllers.split(","):
                if controller:
                    paths[controller] = path
    return paths


def _under(mount: Path, mount_root: str, path: str) -> Path | None:
    """Where cgroup ``path`` of a hierarchy mounted at ``mount`` (showing ``mount_root``) is."""
    if mount_root == "/":
        return mount / path.lstrip("/")
    if path == mount_root or path.startswith(mount_root.rstrip("/") + "/"):
        return mount / path[len(mount_root) :].lstrip("/")
    return None  # a cgroup namespace or a bind mount that does not show our cgroup


def _write(path: Path, text: str) -> None:
    with open(path, "w") as file:
        file.write(text)


def _procs(group: Path) -> set[int]:
    with contextlib.suppress(OSError, ValueError):
        return {int(line) for line in (group / "cgroup.procs").read_text().split()}
    return set()


@dataclass
class Cgroup:
    """One writable cgroup of this worker (``viktorlite-PID`` beside the worker's own), holding ``job``."""

    version: int
    base: Path
    #: The kernel limits the job's memory here (v2 ``memory.max`` or v1 ``memory.limit_in_bytes``).
    memory: bool
    #: The job cgroup's folder name: ``job``, and ``job-next`` for the spare horse forked while a job
    #: runs (:meth:`JobTree.twin`).
    name: str = "job"

    @property
    def job(self) -> Path:
        return self.base / self.name

    def start_job(self, memory_bytes: int | None) -> bool:
        """A fresh, empty ``job`` cgroup with the memory limit; False when the kernel refuses."""
        try:
            self.end_job()
            self.job.mkdir()
            if self.memory and memory_bytes:
                limit_file = "memory.max" if self.version == 2 else "memory.limit_in_bytes"
                _write(self.job / limit_file, str(memory_bytes))
                if self.version == 2:
                    with contextlib.suppress(OSError):
                        _write(self.job / "memory.swap.max", "0")
        except OSError as exc:
            log.warning("cannot prepare the job cgroup %s: %s", self.job, exc)
            return False
        return True

    def join(self, pid: int) -> None:
        _write(self.job / "cgroup.procs", str(pid))

    def members(self) -> set[int]:
        return _procs(self.job)

    def kill_all(self) -> None:
        if self.version == 2 and (self.job / "cgroup.kill").exists():
            with contextlib.suppress(OSError):
                _write(self.job / "cgroup.kill", "1")
                return
        for pid in self.members():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)

    def oom_kills(self) -> int:
        """How many processes the kernel killed in ``job`` for being over its memory limit."""
        name = "memory.events" if self.version == 2 else "memory.oom_control"
        with contextlib.suppress(OSError, ValueError):
            for line in (self.job / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        return 0

    def end_job(self) -> None:
        if self.job.exists():
            with contextlib.suppress(OSError):
                self.job.rmdir()

    def remove(self) -> None:
        self.end_job()
        with contextlib.suppress(OSError):
            self.base.rmdir()


def _clear_stale(parent: Path) -> None:
    """Remove the cgroups of viktorlite workers that died (killing what is left in them)."""
    with contextlib.suppress(OSError):
        for stale in parent.glob("viktorlite-*"):
            pid = stale.name.removeprefix("viktorlite-")
            if not pid.isdigit() or Path(f"/proc/{pid}").exists():
                continue
            for group in (stale / "job", stale / "job-next", stale):
                for member in _procs(group):
                    with contextlib.suppress(OSError):
                        os.kill(member, signal.SIGKILL)
                with contextlib.suppress(OSError):
                    group.rmdir()


def _make(version: int, own: Path, *, memory: bool) -> Cgroup | None:
    base = own / f"viktorlite-{os.getpid()}"
    try:
        _clear_stale(own)
        base.mkdir(exist_ok=True)
        if version == 2 and memory:
            # Only a cgroup without processes may hand a controller down (cgroup v2's rule).
            try:
                _write(base / "cgroup.subtree_control", "+memory")
            except OSError:
                memory = False
        probe = Cgroup(version, base, memory)
        if not probe.start_job(None):
            raise OSError("cannot create a child cgroup")
        probe.end_job()
        return probe
    except OSError as exc:
        log.debug("no cgroup v%s under %s: %s", version, own, exc)
        with contextlib.suppress(OSError):
            base.rmdir()
        return None


def find_cgroups() -> list[Cgroup]:
    """The one writable cgroup a job runs in: best one that limits memory; none where none is writable.

    One, not one per hierarchy: moving a process into a cgroup costs milliseconds (the kernel waits
    for an RCU grace period), paid on every job.
    """
    if os.environ.get("VIKTORLITE_JOB_CGROUPS", "1") == "0" or not sys.platform.startswith("linux"):
        return []
    own = _own_paths()
    groups: list[Cgroup] = []
    for fs, mount, mount_root, options in _mounts():
        if fs == "cgroup2" and "v2" in own:
            where = _under(mount, mount_root, own["v2"])
            if where is None or not os.access(where, os.W_OK):
                continue
            controllers = set((where / "cgroup.controllers").read_text().split()) if where.exists() else set()
            if (group := _make(2, where, memory="memory" in controllers)) is not None:
                groups.append(group)
        elif fs == "cgroup" and "memory" in options and "memory" in own:
            where = _under(mount, mount_root, own["memory"])
            if where is not None and os.access(where, os.W_OK) and (group := _make(1, where, memory=True)):
                groups.append(group)
    groups.sort(key=lambda group: (not group.memory, -group.version))  # memory first, then v2 (cgroup.kill)
    for unused in groups[1:]:
        unused.remove()
    return groups[:1]


# -- the job's tree ------------------------------------------------------------------------------------


@dataclass
class JobTree:
    """The processes of the running job: the horse, all it started, and their orphans.

    Made once per worker (:meth:`for_worker`); :meth:`start` before each fork.
    """

    cgroups: list[Cgroup] = field(default_factory=list)
    subreaper: bool = False
    horse: int = 0
    #: A child of the worker that is not part of this job: the spare horse forked for the next job
    #: while this one runs (in the twin tree); never counted, killed or reaped here.
    apart: int = 0
    _in_use: list[Cgroup] = field(default_factory=list)
    _oom_before: int = 0

    @classmethod
    def for_worker(cls) -> JobTree:
        tree = cls(find_cgroups(), become_subreaper())
        log.info("job containment: %s", tree.describe())
        return tree

    def twin(self) -> JobTree:
        """A second tree of the same worker, for the next job's spare horse forked while a job of this
        one runs: the same cgroups' parents, its own job cgroup (``job-next``)."""
        groups = [replace(group, name="job-next" if group.name == "job" else "job") for group in self.cgroups]
        return JobTree(groups, self.subreaper)

    def describe(self) -> str:
        parts = ["own session", "subreaper" if self.subreaper else "no subreaper"]
        for group in self.cgroups:
            parts.append(f"cgroup v{group.version}{' with memory limit' if group.memory else ''} ({group.base})")
        return ", ".join(parts)

    @property
    def kernel_memory_limit(self) -> bool:
        """The kernel counts the whole tree's memory (otherwise :meth:`private_bytes` is polled)."""
        return any(group.memory for group in self._in_use)

    def start(self, memory_bytes: int | None) -> None:
        """Prepare a fresh cgroup for the next job (in the worker parent, before the fork)."""
        self._in_use = [group for group in self.cgroups if group.start_job(memory_bytes)]
        self._oom_before = sum(group.oom_kills() for group in self._in_use)
        self.horse = 0

    def adopt(self, horse: int) -> None:
        """Put the just-forked horse in the job's cgroups (in the parent; the horse waits for it)."""
        self.horse = horse
        for group in list(self._in_use):
            try:
                group.join(horse)
            except OSError as exc:
                log.warning("cannot put the job in cgroup %s (%s); it runs without it", group.job, exc)
                self._in_use.remove(group)

    @staticmethod
    def enter_horse() -> None:
        """Run by the horse first thing: a session of its own, apart from the worker's."""
        os.setsid()

    def members(self, table: dict[int, ProcessRow] | None = None) -> set[int]:
        """Live processes of the job (zombies are over; the worker reaps its own in :meth:`kill`)."""
        table = process_table() if table is None else table
        pids = descendants(os.getpid(), table, apart=self.apart)
        for group in self._in_use:
            pids |= group.members()
        pids.discard(os.getpid())
        pids.discard(self.apart)
        return {pid for pid in pids if pid in table and table[pid].state != "Z"}

    def private_bytes(self) -> int:
        return sum(private_bytes(pid) for pid in self.members())

    def oom_killed(self) -> bool:
        """The kernel killed a process of this job for its memory limit."""
        return sum(group.oom_kills() for group in self._in_use) > self._oom_before

    def kill(self, *, keep_horse_unreaped: bool = True) -> int:
        """SIGKILL every process of the job until none is left; returns how many were signalled.

        Orphans re-parented to the worker become its zombies: they are reaped here, except the
        horse, whose exit status RQ's monitor reads.
        """
        killed: set[int] = set()
        for _ in range(KILL_ROUNDS):
            table = process_table()
            pids = self.members(table)
            self._reap(table, except_horse=keep_horse_unreaped)
            if not pids:
                break
            for group in self._in_use:
                group.kill_all()
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            killed |= pids
        else:
            log.error("processes of the job survived %s rounds of SIGKILL: %s", KILL_ROUNDS, sorted(self.members()))
        return len(killed)

    def _reap(self, table: dict[int, ProcessRow], *, except_horse: bool) -> None:
        """Collect exited children of the worker (re-parented orphans), never the horse when asked."""
        me = os.getpid()
        for row in table.values():
            if row.pid == self.apart:
                continue
            if row.ppid == me and row.state == "Z" and not (except_horse and row.pid == self.horse):
                with contextlib.suppress(ChildProcessError, OSError):
                    os.waitpid(row.pid, os.WNOHANG)

    def left_over(self) -> bool:
        """Whether anything of the job may still be there, once its horse was reaped: a quick look (the
        worker's own children and the job cgroups) instead of a sweep of ``/proc`` (issue 18)."""
        children = own_children()
        if children is None:
            return True
        children.discard(self.apart)
        return bool(children) or any(group.members() for group in self._in_use)

    def end(self) -> None:
        """After the job: nothing may be left; the cgroup goes."""
        if self.horse == 0 or self.left_over():  # a reaped horse that left nothing needs no sweep
            self.kill(keep_horse_unreaped=False)
        for group in self._in_use:
            group.end_job()
        self._in_use = []

    def close(self) -> None:
        """At worker exit."""
        for group in self.cgroups:
            group.remove()
