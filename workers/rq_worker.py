"""RQ's worker as viktorlite runs it: its command listener notices a stop at once.

RQ (3.x) listens for commands (``rq`` CLI's stop-job, shutdown) on a pub/sub channel, in a thread
that blocks up to 60 s per read. On a warm shutdown RQ unsubscribes and then stops that thread,
and redis-py (6+) waits in ``stop()`` until the thread's read returns: when the unsubscribe reply
came back before the stop (a loaded machine), the worker hangs for up to a minute after SIGTERM,
and the pool kills it after its grace instead of letting it exit (``serve``'s Ctrl-C, a hot reload,
every test's teardown). A short read makes the wait at most :data:`LISTEN_SECONDS`.

Between two jobs RQ refreshes the worker's key four times (three heartbeats of three round trips
each, and one inside its suspension check) and writes the same ``idle`` state twice: with jobs back
to back that is a dozen round trips per job that say nothing new (issue 18). Here a heartbeat within
:data:`HEARTBEAT_SECONDS` of the last one is left out (the key lives minutes: ``worker_ttl + 60``),
one that is sent goes in one round trip, and a state already written is not written again. RQ's look
for ``rq suspend`` before each dequeue (one round trip) is made once per :data:`SUSPENSION_SECONDS`,
a job's end sends no heartbeat of the job (:meth:`ViktorliteWorker.handle_execution_ended`), and a
worker with jobs waiting goes from one to the next without writing ``idle`` in between.
"""

from __future__ import annotations

import time
from typing import Any

from redis import ConnectionError as RedisConnectionError
from redis import TimeoutError as RedisTimeoutError
from redis.client import Pipeline
from rq import Worker
from rq.job import Job
from rq.queue import Queue
from rq.utils import now

#: How long the command listener blocks per read; also the longest a stop waits for it.
LISTEN_SECONDS = 0.2
#: A heartbeat this soon after the last one is left out.
HEARTBEAT_SECONDS = 1.0
#: How long a look that found the workers not suspended (``rq suspend``) holds: a suspension takes
#: effect at most this late, and jobs back to back skip the look.
SUSPENSION_SECONDS = 1.0


class ViktorliteWorker(Worker):
    #: RQ waits up to a minute between tries to reach a lost Redis; a restarted embedded Redis is
    #: back within seconds, and jobs should be served again as soon.
    max_connection_wait_time = 5.0
    #: When this process last refreshed its worker key (``time.monotonic``); never, at first.
    _beat_at = float("-inf")
    #: When this process last found the workers not suspended (``time.monotonic``); never, at first.
    _not_suspended_at = float("-inf")

    def heartbeat(self, timeout: int | None = None, pipeline: Pipeline | None = None) -> None:
        """RQ's heartbeat in one round trip, and none when the last one is under a second old."""
        if pipeline is not None:
            super().heartbeat(timeout, pipeline=pipeline)
            self._beat_at = time.monotonic()
            return
        if timeout is None and time.monotonic() - self._beat_at < HEARTBEAT_SECONDS:
            return
        with self.connection.pipeline(transaction=False) as pipe:
            super().heartbeat(timeout, pipeline=pipe)
            pipe.execute()
        self._beat_at = time.monotonic()

    def check_for_suspension(self, burst: bool) -> None:
        """RQ's wait while ``rq suspend`` holds, looked at once a second rather than before every job."""
        if time.monotonic() - self._not_suspended_at < SUSPENSION_SECONDS:
            return
        super().check_for_suspension(burst)
        self._not_suspended_at = time.monotonic()

    def handle_execution_ended(self, job: Job, queue: Queue, heartbeat_ttl: int) -> None:
        """RQ's note of a job's end, in the work horse, without its heartbeat of the job (a round trip):
        that heartbeat marks the job alive while a long callback runs, and viktorlite's jobs have no
        callback but the failure announcement, one PUBLISH (:mod:`viktorlite.workers.allowed_job`)."""
        job.ended_at = now()

    def dequeue_job_and_maintain_ttl(
        self, timeout: int | None, max_idle_time: int | None = None
    ) -> tuple[Job, Queue] | None:
        """RQ's dequeue, which first writes the worker's state ``idle`` (a round trip): a job already
        waiting is taken without it, and ``idle`` is written only when the worker is about to wait."""
        try:
            waiting = self.queue_class.dequeue_any(
                self._ordered_queues,
                None,  # no wait: a job is there or not
                connection=self.connection,
                job_class=self.job_class,
                serializer=self.serializer,
                death_penalty_class=self.death_penalty_class,
            )
        except (RedisConnectionError, RedisTimeoutError):
            waiting = None  # RQ's own dequeue waits for Redis to come back
        if waiting is None:
            self.before_waiting()
            return super().dequeue_job_and_maintain_ttl(timeout, max_idle_time)
        job, queue = waiting
        self.reorder_queues(reference_queue=queue)
        job.redis_server_version = self.get_redis_server_version()
        return waiting

    def before_waiting(self) -> None:
        """Called when no job is waiting, just before the worker waits for one."""

    def set_state(self, state: str, pipeline: Pipeline | None = None) -> None:
        """RQ's state write, left out when the worker is in that state already (RQ writes ``idle`` after
        every job twice)."""
        if pipeline is None and state == self._state:
            return
        super().set_state(state, pipeline=pipeline)

    def subscribe(self) -> None:
        """RQ's own subscription, with a short read instead of RQ's 60 s."""
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        handler = getattr(self, "_pubsub_exception_handler", None)  # RQ 3 logs a failed read and goes on
        options: dict[str, Any] = {"exception_handler": handler} if handler is not None else {}
        thread = self.pubsub.run_in_thread(sleep_time=LISTEN_SECONDS, daemon=True, **options)
        self.pubsub_thread = thread  # type: ignore[assignment]  # RQ declares it None until subscribed
