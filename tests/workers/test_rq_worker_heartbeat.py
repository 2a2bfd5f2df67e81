"""RQ's worker bookkeeping between jobs, trimmed (issue 18): a heartbeat under a second after the last
one is left out, one that is sent refreshes the worker key as RQ's does, and a state the worker is in
already is not written again."""

from __future__ import annotations

import uuid

from rq import Queue

from viktorlite.workers.rq_worker import HEARTBEAT_SECONDS, ViktorliteWorker


def _worker(redis_client) -> ViktorliteWorker:
    worker = ViktorliteWorker([Queue(f"q-{uuid.uuid4().hex}", connection=redis_client)], connection=redis_client)
    worker.register_birth()
    return worker


def test_a_heartbeat_right_after_another_is_left_out_and_one_later_is_sent(redis_client):
    worker = _worker(redis_client)
    worker.heartbeat()
    assert redis_client.ttl(worker.key) > worker.worker_ttl  # RQ's own TTL: worker_ttl + 60
    redis_client.hset(worker.key, "last_heartbeat", "marker")
    redis_client.expire(worker.key, 100)
    worker.heartbeat()  # within HEARTBEAT_SECONDS: nothing sent
    assert redis_client.hget(worker.key, "last_heartbeat") == b"marker"
    worker._beat_at -= HEARTBEAT_SECONDS  # as if a second went by
    worker.heartbeat()
    assert redis_client.hget(worker.key, "last_heartbeat") != b"marker"
    assert redis_client.ttl(worker.key) > worker.worker_ttl
    worker.register_death()


def test_an_explicit_timeout_always_beats(redis_client):
    worker = _worker(redis_client)
    worker.heartbeat()
    worker.heartbeat(timeout=30)  # RQ's job monitoring sets its own TTL: never left out
    assert redis_client.ttl(worker.key) <= 30
    worker.register_death()


def test_a_state_already_written_is_not_written_again(redis_client):
    worker = _worker(redis_client)
    worker.set_state("idle")
    redis_client.hset(worker.key, "state", "marker")
    worker.set_state("idle")
    assert redis_client.hget(worker.key, "state") == b"marker"
    worker.set_state("busy")
    assert redis_client.hget(worker.key, "state") == b"busy"
    worker.register_death()
