"""The RQ worker viktorlite runs stops at once when asked: its command listener never holds up a shutdown."""

from __future__ import annotations

import threading
import uuid

from rq import Queue

from support import wait_until
from viktorlite.workers.rq_worker import ViktorliteWorker


def test_the_command_listener_ends_soon_after_a_stop_even_when_it_is_reading_again(redis_client):
    """The race RQ's warm shutdown loses on a busy machine: the listener has handled the unsubscribe
    reply and is reading again before it is told to stop. RQ's own 60 s read would hold the worker
    that long (the pool kills it after its grace); viktorlite's listener ends within its short read."""
    worker = ViktorliteWorker([Queue(f"q-{uuid.uuid4().hex}", connection=redis_client)], connection=redis_client)
    worker.subscribe()
    listener = worker.pubsub_thread
    assert listener is not None
    worker.pubsub.unsubscribe()
    wait_until(lambda: not worker.pubsub.subscribed, 60, "the listener to handle the unsubscribe reply")
    threading.Thread(target=listener.stop, daemon=True).start()  # redis-py's stop may wait for the read
    listener.join(timeout=30)  # a hang guard: the listener's read is LISTEN_SECONDS (RQ's own: 60 s)
    assert not listener.is_alive(), "the command listener is still reading after the stop"
    worker.pubsub.close()
