"""The moment a job's method returned, settled once between the work horse and the worker parent.

A stop answered ``stopped`` must mean the app's method never completed; once it returned, the job's
own outcome stands (``finished``, or ``failed`` for a result that does not fit). The horse writes its
outcome a little after the method returns (the result is encoded, the outcome written to Redis): a
parent that killed it in between would throw away a job that ran to its end and answer ``stopped``.
Narrowing that window is no fix on a loaded machine, so the two sides agree through a lock:

- the horse, as soon as the method returned (or raised), takes the lock and writes the job's id in
  the gate's file (:func:`announce`); from then on a stop no longer ends the job;
- the parent, to carry out a stop, takes the same lock, reads the file and either finds the id (the
  stop came too late: nothing is killed) or kills the job's processes while it still holds the lock,
  and keeps holding it until the horse is reaped: a horse waiting to announce dies waiting.

The lock is a POSIX record lock (``fcntl.lockf``) on an unlinked file the horse inherits: it belongs
to a process, so the horse's and the parent's exclude each other on the one inherited descriptor,
and the kernel drops it when its holder dies (a killed horse never leaves it held).
"""

from __future__ import annotations

import contextlib
import enum
import errno
import fcntl
import hashlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable

from viktorlite.jobs import context as job_context

log = logging.getLogger(__name__)

#: The longest the parent waits for the horse's lock (the horse holds it for one pwrite).
HORSE_HOLDS_SECONDS = 1.0
#: The record the horse writes: the sha256 of the job id (fixed size, so no old id shows through).
RECORD = 32
#: Where the horse writes, with no lock, that the job's method is about to run (after its first look
#: for a stop): a stop that ends the horse before then answers "stopped before it started".
BEGAN_AT = RECORD
#: Where the horse writes, with no lock, that RQ recorded the job's end (it finished): the parent then
#: need not read the job's status back from Redis before its next job (issue 18).
RECORDED_AT = 2 * RECORD
#: The gate file's size: the three records.
SIZE = 3 * RECORD


class Stop(enum.Enum):
    """What :meth:`ReturnGate.end_unless_returned` did."""

    ENDED = "ended"
    RETURNED = "returned"
    NOT_RUNNING = "not running"


def _record(job_id: str) -> bytes:
    return hashlib.sha256(job_id.encode()).digest()


class ReturnGate:
    """One per worker parent, made before any horse is forked (each horse inherits its descriptor)."""

    def __init__(self) -> None:
        with tempfile.TemporaryFile(prefix="viktorlite-return-gate-") as file:
            self.fd = os.dup(file.fileno())  # the unlinked file lives as long as the descriptor
        os.set_inheritable(self.fd, False)  # forks inherit it; programs the job executes do not
        os.pwrite(self.fd, bytes(SIZE), 0)
        #: The horse writes a byte here once RQ recorded its job's end, to wake the parent's watch.
        self.recorded, self._recorded_w = os.pipe()
        for end in (self.recorded, self._recorded_w):
            os.set_blocking(end, False)
        #: The parent's threads (the watch loop, RQ's command listener) take the lock one at a time.
        self._deciding = threading.Lock()
        #: The job whose horse the parent ended, holding the lock until :meth:`release`.
        self._held_for: str | None = None
        #: The job a stop may end: from :meth:`reset` until :meth:`release`.
        self._running: str | None = None

    # -- in the horse --------------------------------------------------------------------------------

    def announce(self, job_id: str) -> None:
        """The job's method returned: from now on a stop leaves the job to end on its own."""
        fcntl.lockf(self.fd, fcntl.LOCK_EX)  # waits while the parent decides; it may kill us here
        try:
            os.pwrite(self.fd, _record(job_id), 0)
        finally:
            fcntl.lockf(self.fd, fcntl.LOCK_UN)

    def begin(self, job_id: str) -> None:
        """The job's method is about to run: a stop from now on ends a job that started."""
        os.pwrite(self.fd, _record(job_id), BEGAN_AT)

    def record_end(self, job_id: str) -> None:
        """RQ recorded the job as finished: the parent can take that from here instead of from Redis,
        and go on to its next job without waiting for the horse's exit."""
        os.pwrite(self.fd, _record(job_id), RECORDED_AT)
        with contextlib.suppress(BlockingIOError):  # a byte is there already: the parent wakes anyway
            os.write(self._recorded_w, b"r")

    # -- in the worker parent ------------------------------------------------------------------------

    def reset(self, job_id: str) -> None:
        """Before ``job_id``'s horse runs: it is the job a stop may end now, and nothing has returned
        yet (a retried job keeps its id)."""
        self.release()  # in case the last job's watch ended without it
        with self._deciding:
            os.pwrite(self.fd, bytes(SIZE), 0)
            self._running = job_id

    def returned(self, job_id: str) -> bool:
        """Whether the job's method returned (its horse announced it)."""
        return os.pread(self.fd, RECORD, 0) == _record(job_id)

    def began(self, job_id: str) -> bool:
        """Whether the job's method started (read once the horse is reaped, so it is final)."""
        return os.pread(self.fd, RECORD, BEGAN_AT) == _record(job_id)

    def end_recorded(self, job_id: str) -> bool:
        """Whether the horse saw RQ record the job as finished."""
        return os.pread(self.fd, RECORD, RECORDED_AT) == _record(job_id)

    def drain(self) -> bool:
        """Empty :attr:`recorded`; whether a horse had written to it."""
        try:
            return bool(os.read(self.recorded, 4096))
        except BlockingIOError:
            return False

    def end_unless_returned(self, job_id: str, kill: Callable[[], object]) -> Stop:
        """Call ``kill`` unless the job's method already returned, or the job is no longer the one
        running (its watch ended; RQ's stop command, on a thread of its own, can come that late).

        Once this answered :attr:`Stop.ENDED`, the horse can no longer announce: the lock stays held
        until :meth:`release` (after the horse is reaped).
        """
        with self._deciding:
            if self._running != job_id:
                return Stop.NOT_RUNNING
            if self._held_for == job_id:
                kill()
                return Stop.ENDED
            if not self._lock():
                return Stop.RETURNED  # the horse holds it: it is announcing, so its method returned
            if self.returned(job_id):
                fcntl.lockf(self.fd, fcntl.LOCK_UN)
                return Stop.RETURNED
            self._held_for = job_id
            kill()
            return Stop.ENDED

    def _lock(self) -> bool:
        """Take the lock; False if the horse kept it past :data:`HORSE_HOLDS_SECONDS` (a frozen horse
        must not hang the parent's watch, which also enforces the time limit)."""
        deadline = time.monotonic() + HORSE_HOLDS_SECONDS
        while True:
            try:
                fcntl.lockf(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    raise
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.001)

    def release(self) -> None:
        """When the job's watch ends: no stop ends it any more, and the next job's horse may announce."""
        with self._deciding:
            self._running = None
            if self._held_for is not None:
                self._held_for = None
                fcntl.lockf(self.fd, fcntl.LOCK_UN)

    def close(self) -> None:
        for fd in (self.fd, self.recorded, self._recorded_w):
            os.close(fd)


#: The gate of this worker, set in the parent before it forks (a horse inherits it); None elsewhere
#: (``viktorlite replay``, a test calling a runner in its own process).
_armed: ReturnGate | None = None
#: The job whose method the horse announced (one announcement per job).
_announced: str | None = None
#: The horse's pid: a process the app forks inherits the gate, and must not speak for the horse.
_horse = 0


def arm(gate: ReturnGate | None) -> None:
    global _armed, _announced
    _armed, _announced = gate, None


def horse_runs() -> None:
    """In the horse, as its job starts: only this process announces the job's return."""
    global _horse
    _horse = os.getpid()


def method_begins(job_id: str) -> None:
    """In the horse, after its own look for a stop: the job's method runs now."""
    if _armed is None or os.getpid() != _horse:
        return
    try:
        _armed.begin(job_id)
    except OSError as exc:  # never the job's failure: a stop then says "before it started"
        log.warning("could not mark the start of job %s's method: %s", job_id, exc)


def job_end_recorded(job_id: str) -> None:
    """In the horse, once RQ recorded the job as finished (its status, result and registries written)."""
    if _armed is None or os.getpid() != _horse:
        return
    try:
        _armed.record_end(job_id)
    except OSError as exc:  # the parent then reads the job's status from Redis, as it would without
        log.warning("could not note that job %s's end was recorded: %s", job_id, exc)


def method_returned() -> None:
    """In the horse: the running job's app method returned or raised; its outcome now stands against a stop."""
    global _announced
    running = job_context.running()
    job_id = running.job_id if running is not None else None
    if _armed is None or job_id is None or _announced == job_id or os.getpid() != _horse:
        return
    try:
        _armed.announce(job_id)
    except OSError as exc:  # never the job's failure: a stop may then still end it
        log.warning("could not announce the return of job %s's method: %s", job_id, exc)
        return
    _announced = job_id
