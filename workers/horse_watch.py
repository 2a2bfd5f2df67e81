"""The worker parent's watch over a running job: limits enforced from outside the work horse.

RQ enforces a job's time limit inside the horse (``SIGALRM`` raising ``JobTimeoutException``),
which app code can catch (``except Exception``) and C code never sees; its parent kills a horse
only at ``timeout + 60`` s, and then reports a dead worker. Here the parent does it all:

- the horse runs in its own session and, where possible, its own cgroup (:mod:`.job_tree`);
- every :data:`TICK` the parent checks the time limit, a stop request, the memory of the whole
  tree (the kernel's OOM count in a cgroup, otherwise the tree's private memory) and the disk
  quota (a walk of the private disk in a thread, :mod:`.disk_usage`); past any of them it
  SIGKILLs every process of the job and writes the outcome itself, naming the limit;
- when the horse ends, whatever the job started is killed too, and an exit the job did not
  report is named for what it was (an exit code, a signal, the memory limit).

The parent writes an outcome only where the horse wrote none (``SET NX``): a job that finished
before its limit or its stop keeps its own outcome, so what a stop answers is what happened.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redis import RedisError
from rq.executions import Execution
from rq.job import UNEVALUATED, Job, JobStatus
from rq.timeouts import BaseDeathPenalty
from rq.utils import now

from viktorlite.jobs.inputs import KeptInputs
from viktorlite.jobs.queue import stored_outcome
from viktorlite.jobs.stopping import stop_requested
from viktorlite.processes import die_with_parent
from viktorlite.store.keys import Keys

from . import job_limits, return_gate
from .disk_usage import allocated_soon
from .job_limits import DiskQuota, JobLimits
from .job_tree import JobTree
from .limits import MB
from .return_gate import ReturnGate, Stop
from .rq_worker import ViktorliteWorker

if TYPE_CHECKING:
    from rq.queue import Queue

log = logging.getLogger(__name__)

#: ``0`` turns the spare horse off: each horse is forked when its job arrives (the benchmark's baseline).
SPARE_HORSE_ENV = "VIKTORLITE_SPARE_HORSE"
#: Seconds a job's horse runs before the worker forks the next job's spare (a job done sooner gets it
#: forked after its end). A fork right at the hand-over takes a core, for 2-3 ms, just as the horse
#: starts; on a 2-core machine the horse then waits for it (issue 18: p50 1.36-1.39x -> 1.17-1.23x
#: of plain RQ in bench_job_roundtrip, same CPU per job in bench_throughput).
SPARE_DELAY = 0.01
#: Seconds between two looks at a running job (time, stop, memory); the horse's exit ends a wait at once.
TICK = 0.1
#: Seconds between two walks of the private disk for the quota while a job runs.
DISK_CHECK_SECONDS = 0.5
#: Seconds between two sums of the job tree's memory, where no cgroup counts it.
MEMORY_CHECK_SECONDS = 0.25
#: How long the worker waits for the exit of a horse whose job's end was recorded before it kills it
#: (its exit frees its memory: a horse that held gigabytes takes a while).
EXIT_WAIT_SECONDS = 10.0


class ParentEnforced(BaseDeathPenalty):
    """The horse sets no alarm of its own: the worker parent kills it at the limit (uncatchable)."""

    def setup_death_penalty(self) -> None:
        pass

    def cancel_death_penalty(self) -> None:
        pass


@dataclass
class WatchSettings:
    app: str
    disk_root: Path
    limits_for: Callable[[Job], JobLimits]
    #: Adds a job the parent ended to its entity's job log (given the outcome and the start time).
    record: Callable[[Job, dict[str, Any], float], None] | None = None
    #: The replay record to store with the outcome of a job the parent ended (as the horse does), if any.
    kept_inputs: Callable[[Job, float], KeptInputs | None] | None = None


class _DiskWatch(threading.Thread):
    """Walks the private disk while the job runs; :attr:`written` past the quota ends the job."""

    def __init__(self, quota: DiskQuota, first_pause: float = DISK_CHECK_SECONDS) -> None:
        super().__init__(name="disk-quota", daemon=True)
        self.quota = quota
        self._first_pause = first_pause
        self.written = 0
        self._done = threading.Event()

    @property
    def over(self) -> bool:
        return self.written > self.quota.allowed

    def run(self) -> None:
        pause = self._first_pause
        walked_at = time.monotonic()
        while not self._done.wait(pause):
            walk_started = time.monotonic()
            exact = walk_started - walked_at >= job_limits.EXACT_SECONDS
            self.written = self.quota.written(exact=exact)
            if exact:
                walked_at = walk_started
            if self.over:
                return
            # A disk of many files takes long to walk: walk it at most a fifth of the time.
            pause = max(DISK_CHECK_SECONDS, 4 * (time.monotonic() - walk_started))

    def stop(self) -> None:
        self._done.set()


def _horse_exit_waiter(pid: int, recorded: int | None = None) -> Callable[[float], None]:
    """A wait of at most N seconds that ends as soon as the horse exits (a pidfd where Linux has one),
    or writes to ``recorded`` (the return gate's, :meth:`ReturnGate.record_end`)."""
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        return time.sleep
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    if recorded is not None:
        poller.register(recorded, select.POLLIN)

    def wait(seconds: float) -> None:
        poller.poll(seconds * 1000)

    wait.close = lambda: os.close(fd)  # type: ignore[attr-defined]
    return wait


def _reaped(pid: int) -> bool:
    """Whether the child ``pid`` is gone: reaped now, or before (by a sweep of the job's tree)."""
    try:
        return os.waitpid(pid, os.WNOHANG)[0] != 0
    except ChildProcessError:
        return True


def spare_horses() -> bool:
    """Whether the worker forks each job's horse ahead (``VIKTORLITE_SPARE_HORSE=0``: at the job's start)."""
    return os.environ.get(SPARE_HORSE_ENV, "1") != "0"


@dataclass(frozen=True)
class SpareOrder:
    """What the parent sends a spare horse: its job and the job's disk quota.

    The job goes as the parent's own copy (:func:`job_state`), the one a horse forked at the job's
    start would hold, so the spare need not fetch it from Redis again (issue 18); ``job`` is None
    only when that copy cannot be pickled, and the spare then fetches the job by its id.
    """

    job_id: str
    queue: str
    execution_id: str
    quota: DiskQuota
    job: JobState | None = None


@dataclass(frozen=True)
class JobState:
    """An RQ job's attributes without its connection; RQ's "not read yet" marker (a bare ``object()``,
    which a pickle would copy into another object) is named apart and put back as RQ's own."""

    attributes: dict[str, Any]
    unevaluated: tuple[str, ...]


def job_state(job: Job) -> JobState:
    attributes = {key: value for key, value in vars(job).items() if key != "connection" and value is not UNEVALUATED}
    return JobState(attributes, tuple(key for key, value in vars(job).items() if value is UNEVALUATED))


def job_from_state(job_class: type[Job], state: JobState, connection: Any) -> Job:
    """The job of :func:`job_state`, on ``connection`` (the spare's)."""
    job = job_class.__new__(job_class)
    vars(job).update(state.attributes)
    for key in state.unevaluated:
        setattr(job, key, UNEVALUATED)
    job.connection = connection
    return job


@dataclass
class SpareHorse:
    pid: int
    #: The pipe its order goes down; closed without one, the spare exits.
    pipe: int
    memory_bytes: int
    #: Its move into its job cgroups (:meth:`JobTree.adopt`), done on a thread of the parent: the write
    #: to ``cgroup.procs`` waits for the kernel (milliseconds on a busy machine), which the running
    #: job's watch should not (issue 18). Done before the spare is handed a job or ended.
    adopted: Future[None] | None = None

    def settle(self) -> None:
        """Wait until the spare is in its cgroups (or the parent gave up on one, as :meth:`JobTree.adopt` says)."""
        if self.adopted is not None:
            self.adopted.result()

    def end(self) -> None:
        """No job for it: it exits on the pipe's end (killed if it does not), and is reaped."""
        self.settle()
        with contextlib.suppress(OSError):
            os.close(self.pipe)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


class IsolatedWorker(ViktorliteWorker):
    """RQ's forking worker with the job's limits, stop and process tree handled by the parent."""

    def __init__(self, *args: Any, watch: WatchSettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.watch = watch
        self.tree = JobTree.for_worker()
        #: The tree of the next job's spare horse, forked while a job runs; the two swap at a hand-over.
        self._next_tree = self.tree.twin()
        self._walker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="disk-baseline")
        self._adopter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spare-cgroup")
        self._baseline = self._measure_disk()
        self._limits: JobLimits | None = None
        #: The horse forked ahead for the next job (:class:`SpareHorse`), or None.
        self._spare: SpareHorse | None = None
        self._quota: DiskQuota | None = None
        #: Why the parent ended the running job (an outcome error), set once per job.
        self._verdict: dict[str, Any] | None = None
        #: Where the horse says its job's method returned, so a stop never ends a job that ran to its end.
        self.gate = ReturnGate()
        return_gate.arm(self.gate)  # every horse forked from now on inherits it
        #: A stop of the running job came after its method returned: the job ends on its own.
        self._late_stop = False
        #: A cold shutdown kills the horse whatever a stop found.
        self._shutting_down = False
        #: The last job's horse, once RQ recorded its job's end, while it exits: reaped, and its tree
        #: ended, before the next job or before the worker waits for one (:meth:`_finish_exiting`).
        self._exiting: tuple[int, Callable[[float], None]] | None = None

    # -- in the parent, around one job ---------------------------------------------------------------

    def execute_job(self, job: Job, queue: Queue) -> None:
        self._finish_exiting()
        execution = self.prepare_execution(job)
        # A stop asked before the job starts is the horse's first look (execute._start: one command with
        # its supersede check, issue 18); one asked later, the watch's.
        self._limits = limits = self.watch.limits_for(job)
        baseline = self._baseline.result()
        root = self.watch.disk_root
        self._quota = DiskQuota(root, baseline, limits, job_limits.filesystem_used(root))
        job_limits.arm(self._quota)  # a horse forked now inherits it; a spare is sent it
        spare = self._take_spare(limits.memory_mb * MB)
        if spare is None:
            self.tree.start(limits.memory_mb * MB)
        self._verdict = None
        self._late_stop = False
        self.gate.reset(job.id)
        if spare is not None:
            self._hand_over(spare, job, queue, execution)
        else:
            self.fork_work_horse(job, queue)
        self.monitor_work_horse(job, queue, execution)  # forks the next job's spare while this one runs
        self._baseline = self._measure_disk()  # while the worker waits for its next job (after the
        # fork: a thread walking the disk while the worker forks could hold a lock the spare needs);
        # ``idle`` is written when the worker finds no job waiting (ViktorliteWorker's dequeue)

    def _measure_disk(self) -> Future[int]:
        """What the private disk holds (nothing writes to it between jobs): at once, or for a disk of
        many files in the background (:func:`allocated_soon`)."""
        return allocated_soon(self.watch.disk_root, self._walker)

    def fork_work_horse(self, job: Job, queue: Queue) -> None:
        """Fork the horse; it waits until the parent has put it in the job's cgroups."""
        os.environ["RQ_WORKER_ID"] = self.name
        os.environ["RQ_JOB_ID"] = job.id
        ready, go = os.pipe()
        child = os.fork()
        if child == 0:  # the horse
            os.close(go)
            os.read(ready, 1)
            os.close(ready)
            self.tree.enter_horse()
            self.main_work_horse(job, queue)
            os._exit(0)  # just in case
        os.close(ready)
        self.tree.adopt(child)
        os.write(go, b"x")
        os.close(go)
        self._horse_pid = child
        self.procline(f"Forked {child} at {time.time()}")

    # -- the spare horse (issue 18 item 2) -----------------------------------------------------------

    def _fork_spare(self, memory_bytes: int) -> None:
        """Fork the next job's horse now, while this job's horse runs (from :data:`SPARE_DELAY` into it),
        so no job waits for a fork and the worker's fork overlaps the job instead of following it
        (issue 18); after a job done sooner, it follows that job.

        It is a fresh copy of the worker parent, whose state a job never changes (jobs run in their
        horses): the same state a fork at the next job's start would copy. It waits for its job on a
        pipe in a job cgroup of its own (the twin tree's), apart from the running job's tree; one
        process still runs one job and is gone after it.
        """
        if not spare_horses() or self._spare is not None or self._stop_requested:
            return
        os.environ["RQ_WORKER_ID"] = self.name
        self._next_tree.start(memory_bytes)
        ready, go = os.pipe()
        worker = os.getpid()
        child = os.fork()
        if child == 0:  # the spare: nothing of a job has happened here yet
            os.close(go)
            self._spare_waits(ready, worker)
            os._exit(0)
        os.close(ready)
        adopted = self._adopter.submit(self._next_tree.adopt, child)  # it waits for its order: not urgent
        self.tree.apart = child  # not part of the running job: never counted, killed or reaped with it
        self._spare = SpareHorse(child, go, memory_bytes, adopted)

    def _spare_waits(self, ready: int, worker: int) -> None:
        """In the spare: wait for a job (or for the pipe's end: no job comes), then run it as a horse."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the worker's own handlers are not the spare's
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        die_with_parent(signal.SIGKILL, worker)
        with contextlib.suppress(RedisError):
            self.connection.ping()  # its own connection now, not when the job waits for it
        chunks = []
        while chunk := os.read(ready, 65536):
            chunks.append(chunk)
        os.close(ready)
        if not chunks:
            return
        order: SpareOrder = pickle.loads(b"".join(chunks))
        os.environ["RQ_JOB_ID"] = order.job_id
        job_limits.arm(order.quota)
        self.tree.enter_horse()
        if order.job is not None:
            job = job_from_state(self.job_class, order.job, self.connection)
        else:
            job = self.job_class.fetch(order.job_id, connection=self.connection, serializer=self.serializer)
        queue = next(queue for queue in self.queues if queue.name == order.queue)
        # Forked while the previous job ran, the spare holds that job's execution too: this job's is the
        # only one it may report (RQ's ``execution`` is the first one held).
        self.executions.clear()
        self.execution = Execution(order.execution_id, order.job_id, self.connection, self.name)
        self.main_work_horse(job, queue)

    def _take_spare(self, memory_bytes: int) -> SpareHorse | None:
        """The spare, if one is alive and made for this memory limit, its tree now the job's; else None
        (and no spare)."""
        spare, self._spare = self._spare, None
        self.tree.apart = 0
        if spare is None:
            return None
        spare.settle()  # in its cgroups before it is given a job, as a horse forked now would be
        if not _reaped(spare.pid) and spare.memory_bytes == memory_bytes:
            self.tree, self._next_tree = self._next_tree, self.tree
            return spare
        spare.end()
        self._next_tree.end()  # its cgroup goes with it
        return None

    def _hand_over(self, spare: SpareHorse, job: Job, queue: Queue, execution: Execution) -> None:
        """Give the spare its job: it becomes the job's horse."""
        os.environ["RQ_JOB_ID"] = job.id
        assert self._quota is not None
        order = SpareOrder(job.id, queue.name, execution.id, self._quota, job_state(job))
        try:
            message = pickle.dumps(order)
        except Exception:  # noqa: BLE001 - something of the job's would not pickle: the spare fetches it
            message = pickle.dumps(SpareOrder(job.id, queue.name, execution.id, self._quota))
        os.write(spare.pipe, message)
        os.close(spare.pipe)
        self._horse_pid = spare.pid
        self.procline(f"Handed job {job.id} to {spare.pid} at {time.time()}")

    def _end_spare(self) -> None:
        spare, self._spare = self._spare, None
        self.tree.apart = 0
        if spare is not None:
            spare.end()
            self._next_tree.end()

    def main_work_horse(self, job: Job, queue: Queue) -> None:
        self.death_penalty_class = ParentEnforced
        super().main_work_horse(job, queue)

    def handle_job_success(self, job: Job, queue: Queue, *args: Any, **kwargs: Any) -> None:
        """RQ's record of a finished job, which the horse then notes in the return gate for the parent."""
        super().handle_job_success(job, queue, *args, **kwargs)
        if self.is_horse:
            return_gate.job_end_recorded(job.id)

    def monitor_work_horse(self, job: Job, queue: Queue, execution: Execution) -> None:
        """Wait for the horse, ending the job's tree at its limit, on a stop or when it ends; once RQ recorded
        the job's end, the horse's exit is left to :meth:`_finish_exiting`."""
        assert self._limits is not None and self._quota is not None
        job.started_at = now()
        started_wall = time.time()
        started = time.monotonic()
        deadline = started + self._limits.seconds if self._limits.seconds else None
        spare_due = started + SPARE_DELAY  # the next job's horse, once this one had its head start
        spare_pending = True
        # The disk is first walked DISK_CHECK_SECONDS into the job: its thread starts after the first
        # tick, so a job done within a tick costs no thread (issue 18).
        disk = _DiskWatch(self._quota, first_pause=DISK_CHECK_SECONDS - TICK)
        self.gate.drain()
        wait = _horse_exit_waiter(self.horse_pid, self.gate.recorded)
        next_heartbeat = started + self.job_monitoring_interval
        next_memory = started
        # The stop key was looked at just before the job started (execute_job): the next look is a
        # tick later, so a job done within a tick costs no look at all (issue 18).
        next_stop_look = started + TICK
        status = 0
        exiting: tuple[int, Callable[[float], None]] | None = None
        try:
            while True:
                pid, status, _ = os.wait4(self.horse_pid, os.WNOHANG)
                if pid:
                    break
                if self.gate.drain() and self._verdict is None and self.gate.end_recorded(job.id):
                    exiting = self.horse_pid, wait  # its outcome stands: the worker need not wait for its exit
                    break
                if self._verdict is None:
                    now_ = time.monotonic()
                    stop_due = now_ >= next_stop_look
                    found = self._check(job, deadline, disk, memory_due=now_ >= next_memory, stop_due=stop_due)
                    if found is job_limits.STOPPED:
                        found = self._carry_out_stop(job.id)
                    if self._verdict is None:  # RQ's stop command (kill_horse, on its thread) may have decided
                        self._verdict = found
                    if now_ >= next_memory:
                        next_memory = time.monotonic() + MEMORY_CHECK_SECONDS
                if self._verdict is not None:
                    self.tree.kill()
                    _, status, _ = os.wait4(self.horse_pid, 0)
                    break
                if time.monotonic() >= next_heartbeat:
                    with contextlib.suppress(RedisError):
                        self.maintain_heartbeats(job, execution)
                    next_heartbeat = time.monotonic() + self.job_monitoring_interval
                if spare_pending and time.monotonic() >= spare_due:
                    spare_pending = False
                    self._fork_spare(self._limits.memory_mb * MB)
                wait(min(TICK, max(0.0, spare_due - time.monotonic())) if spare_pending else TICK)
                if disk.ident is None and time.monotonic() >= started + TICK:
                    disk.start()
        finally:
            disk.stop()
            if exiting is None:
                getattr(wait, "close", lambda: None)()
        if exiting is None:
            oom = self.tree.oom_killed()
            self.tree.end()  # nothing the job started outlives it
        else:
            oom = False  # RQ recorded the job's end: nothing of its own can change that now
            self._exiting = exiting
        if spare_pending:  # a job shorter than SPARE_DELAY: after it
            self._fork_spare(self._limits.memory_mb * MB)
        self.gate.release()
        self._horse_pid = 0
        self.executions.pop(execution.id, None)
        self._report(job, queue, execution, status, oom, started_wall)

    def _finish_exiting(self) -> None:
        """Reap the last job's horse, which went on exiting once RQ recorded its job's end, and end its
        tree (nothing that job started outlives it): before the next job, or before the worker waits
        for one. Its exit (the kernel freeing its pages, 2 ms of a no-op job) so overlaps the worker's
        own wrap-up (the next spare's fork, the dequeue) instead of preceding it (issue 18)."""
        if self._exiting is None:
            return
        pid, wait = self._exiting
        self._exiting = None
        deadline = time.monotonic() + EXIT_WAIT_SECONDS
        while not _reaped(pid) and (left := deadline - time.monotonic()) > 0:
            wait(min(TICK, left))
        getattr(wait, "close", lambda: None)()
        self.tree.end()  # a horse still there after EXIT_WAIT_SECONDS is killed with the rest

    def before_waiting(self) -> None:
        self._finish_exiting()

    def _check(
        self, job: Job, deadline: float | None, disk: _DiskWatch, *, memory_due: bool, stop_due: bool = True
    ) -> dict[str, Any] | None:
        """Why the running job must end now, or None."""
        assert self._limits is not None
        if stop_due and not self._late_stop and self._stop_asked(job):
            self._stopped_job_id = job.id
            return job_limits.STOPPED
        if deadline is not None and time.monotonic() >= deadline:
            return job_limits.timeout_error(self._limits)
        if self.tree.oom_killed():
            return job_limits.memory_limit_error(self._limits)
        over_memory = memory_due and not self.tree.kernel_memory_limit
        if over_memory and self.tree.private_bytes() > self._limits.memory_mb * MB:
            return job_limits.memory_limit_error(self._limits)
        if disk.over:
            return job_limits.disk_error(self._limits, disk.written)
        return None

    def _stop_asked(self, job: Job) -> bool:
        if self._stopped_job_id == job.id:
            return True
        try:
            return stop_requested(self.connection, self.watch.app, job.id)
        except RedisError:
            return False  # asked again on the next tick

    def _carry_out_stop(self, job_id: str) -> dict[str, Any] | None:
        """End the job for a stop, unless its method returned already (:mod:`.return_gate`): then its
        own outcome stands and the stop is not looked at again. Nor is a job ended whose watch is
        over: the next job's horse may run by then. The verdict, or None."""
        decided = self.gate.end_unless_returned(job_id, self.tree.kill)
        if decided is Stop.ENDED:
            return job_limits.STOPPED
        if decided is Stop.RETURNED:
            if not self._late_stop:
                log.info("job %s: the stop came after its method returned; it ends on its own", job_id)
            self._late_stop = True
        return None

    def kill_horse(self, sig: Any = None) -> None:
        """RQ's stop command and cold shutdown: end the job's whole tree (never the worker's own group).

        A stop command (``_stopped_job_id`` set) ends the job only if its method has not returned.
        """
        if not self.horse_pid:
            return
        stopping = self._stopped_job_id
        if stopping is not None and self._verdict is None and not self._shutting_down:
            if self._late_stop:
                return
            if (verdict := self._carry_out_stop(stopping)) is not None:
                self._verdict = verdict
            return
        self.tree.kill()

    def request_force_stop(self, signum: int, frame: Any) -> None:
        self._shutting_down = True
        super().request_force_stop(signum, frame)

    def teardown(self) -> None:
        if not self.is_horse:
            self._finish_exiting()
            self._end_spare()
        super().teardown()
        if not self.is_horse:
            self.tree.close()
            self._next_tree.close()
            self.gate.close()

    # -- how the job ended -------------------------------------------------------------------------

    def _report(self, job: Job, queue: Queue, execution: Execution, status: int, oom: bool, started: float) -> None:
        verdict = self._verdict
        if self._stopped_job_id == job.id and self.gate.returned(job.id):
            self._stopped_job_id = None  # the stop came after the method returned: the job was not stopped
        if verdict is None and self._stopped_job_id == job.id:
            verdict = job_limits.STOPPED  # RQ's stop command killed it between two looks of the watch
        if verdict is None and oom:
            verdict = job_limits.memory_limit_error(self._limits) if self._limits else None
        if self.gate.end_recorded(job.id):
            recorded = JobStatus.FINISHED  # the horse saw RQ write it: no need to read it back
        else:
            try:
                recorded = job.get_status()
            except Exception:  # noqa: BLE001 - the job expired meanwhile: nothing to report
                return
        if recorded in (JobStatus.FINISHED, JobStatus.FAILED):
            self._stopped_job_id = None
            return  # the horse recorded the job's own end before it was ended
        stopped = verdict is job_limits.STOPPED
        if stopped and not self.gate.began(job.id):
            verdict = job_limits.STOPPED_BEFORE_START  # ended before its own first look for a stop
        error = verdict or job_limits.exit_error(status)
        if verdict is not None:
            job.retries_left = 0  # a limit or a stop: running it again would end the same way
        if not (job.should_retry and not stopped):
            self._publish(job, error, stopped=stopped, started=started)
        log.warning("job %s ended by the worker: %s", job.id, error["message"])
        job.ended_at = now()
        if stopped:
            self._stopped_job_id = job.id
            self._handle_stopped_job(job, queue, execution)
        else:
            self.handle_job_failure(job, queue=queue, exc_string=error["message"], execution=execution)

    def _publish(self, job: Job, error: dict[str, Any], *, stopped: bool, started: float) -> None:
        """Write the outcome of a job the horse could not report (unless it did after all) and announce it."""
        keys = Keys(self.watch.app)
        outcome: dict[str, Any] = {"worker": self.name, "ok": False, "error": error, "messages": []}
        if stopped:
            outcome["stopped"] = True
        kept = None
        if self.watch.kept_inputs is not None:
            try:
                kept = self.watch.kept_inputs(job, started)
            except Exception:  # noqa: BLE001 - a failure only costs the replay
                log.warning("could not keep the inputs of job %s for replay", job.id, exc_info=True)
        stored, seconds = stored_outcome(json.dumps(outcome), kept)
        if not self.connection.set(keys.job_outcome(job.id), stored, ex=seconds, nx=True):
            return
        if self.watch.record is not None:
            try:
                self.watch.record(job, outcome, started)
            except Exception:  # noqa: BLE001 - the job log is a convenience; the outcome is written
                log.warning("could not add job %s to its job log", job.id, exc_info=True)
        self.connection.publish(keys.job_events(job.id), json.dumps({"event": "end"}))
