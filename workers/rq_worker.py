"""RQ's worker as viktorlite runs it: its command listener notices a stop at once.

RQ (3.x) listens for commands (``rq`` CLI's stop-job, shutdown) on a pub/sub channel, in a thread
that blocks up to 60 s per read. On a warm shutdown RQ unsubscribes and then stops that thread,
and redis-py (6+) waits in ``stop()`` until the thread's read returns: when the unsubscribe reply
came back before the stop (a loaded machine), the worker hangs for up to a minute after SIGTERM,
and the pool kills it after its grace instead of letting it exit (``serve``'s Ctrl-C, a hot reload,
every test's teardown). A short read makes the wait at most :data:`LISTEN_SECONDS`.
"""

from __future__ import annotations

from typing import Any

from rq import Worker

#: How long the command listener blocks per read; also the longest a stop waits for it.
LISTEN_SECONDS = 0.2


class ViktorliteWorker(Worker):
    #: RQ waits up to a minute between tries to reach a lost Redis; a restarted embedded Redis is
    #: back within seconds, and jobs should be served again as soon.
    max_connection_wait_time = 5.0

    def subscribe(self) -> None:
        """RQ's own subscription, with a short read instead of RQ's 60 s."""
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        handler = getattr(self, "_pubsub_exception_handler", None)  # RQ 3 logs a failed read and goes on
        options: dict[str, Any] = {"exception_handler": handler} if handler is not None else {}
        thread = self.pubsub.run_in_thread(sleep_time=LISTEN_SECONDS, daemon=True, **options)
        self.pubsub_thread = thread  # type: ignore[assignment]  # RQ declares it None until subscribed
