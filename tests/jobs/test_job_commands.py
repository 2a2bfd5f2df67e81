"""What one view job costs in Redis commands, end to end: the POST, the worker, the event stream.

Issue 18 item 1: a view job is queued in one round trip (job, supersede marker, recent list), the
worker delivers its outcome in one (job log, outcome, end announcement carrying the outcome,
replay note), and the event stream ends from the pushed outcome instead of describing the job.
Counted with MONITOR on the test's own Redis, for the test's own app only; RQ's own commands
(``rq:`` keys) are not viktorlite's to save.
"""

from __future__ import annotations

import json
import shlex
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import redis
from rq.job import Job
from rq.serializers import JSONSerializer

from support import HANG, wait_until

STOP = "test-job-commands-stop"
#: Our commands for one view job, the periodic looks left out (see ``_job_path``): it was 20 before
#: issue 18 (GETSET, EXPIRE, LTRIM of the enqueue; describe's reads on the stream's open and end), 14
#: after its first pass; now the POST reads the entity and the manifest in one MGET and leaves alone a
#: previous job it saw end, the work horse looks for a stop only after a tick, and a job's stream holds
#: its channel through the web process's one pattern subscription (no SUBSCRIBE, UNSUBSCRIBE or state
#: check): MGET; SET, LPUSH (with RQ's enqueue); GET + SET (the horse's start); LPUSH, SET, PUBLISH,
#: SET (its delivery); GET (the stream's opening). Six round trips.
MOST_COMMANDS = 10


@contextmanager
def monitored(url: str) -> Iterator[list[list[str]]]:
    seen: list[list[str]] = []
    started = threading.Event()

    def listen() -> None:
        with redis.Redis.from_url(url).monitor() as monitor:
            started.set()
            for item in monitor.listen():
                command = str(item.get("command", ""))
                if STOP in command:
                    return
                try:
                    seen.append(shlex.split(command))
                except ValueError:
                    seen.append(command.split())

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert started.wait(30)
    try:
        yield seen
    finally:
        redis.Redis.from_url(url).echo(STOP)
        thread.join(30)


def _ours(seen: list[list[str]], app: str) -> list[list[str]]:
    prefix = f"viktorlite:{app}:"
    return [words for words in seen if len(words) > 1 and words[1].startswith(prefix)]


def _job_path(ours: list[list[str]], job_id: str) -> list[list[str]]:
    """Leave out the looks whose number depends on how long the job ran, not on the path: the
    worker's stop check every 0.1 s, and its periodic bookkeeping (the disk report's look)."""
    return [
        words
        for words in ours
        if not (words[0].upper() == "EXISTS" and job_id in words[1] and not words[1].endswith(":events"))
        and ":worker:" not in words[1]
    ]


def _view_job(client, connection: redis.Redis, entity_id: int) -> tuple[str, dict]:
    body = {"method": "result", "params": {"numbers": {"a": 3, "b": 4}, "mode": "sum"}}
    started = client.post(f"/api/entities/{entity_id}/jobs", json=body)
    assert started.status_code == 202, started.text
    job_id = started.json()["job_id"]
    end = None
    with client.stream("GET", f"/api/jobs/{job_id}/events") as events:
        event = None
        for line in events.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event == "end":
                end = json.loads(line[5:])
                break
    assert end is not None
    job = Job(job_id, connection=connection, serializer=JSONSerializer)
    wait_until(lambda: job.get_status(refresh=True) == "finished", HANG, "the job finished in RQ")
    return job_id, end


def test_a_view_job_costs_few_commands_and_its_end_event_brings_the_result(start_app, redis_url):
    running = start_app("calculator")
    connection = redis.Redis.from_url(redis_url)
    with running.client() as client:
        entity_id = client.post("/api/entities", json={"entity_type": "Calculator", "name": "c"}).json()["id"]
        for _ in range(2):  # the first jobs connect, fill caches and have no view job before them
            _view_job(client, connection, entity_id)
        with monitored(redis_url) as seen:
            job_id, end = _view_job(client, connection, entity_id)
    assert end["status"] == "finished"
    assert {item["label"]: item["value"] for item in end["result"]["data"]} == {"Value": 7}
    ours = _ours(seen, running.name)
    path = _job_path(ours, job_id)
    shown = "\n".join(" ".join(word[:70] for word in words[:3]) for words in path)
    assert len(path) <= MOST_COMMANDS, f"{len(path)} commands:\n{shown}"
    outcome_key = f"viktorlite:{running.name}:job:{job_id}:outcome"
    reads = [words for words in ours if words[0].upper() == "GET" and words[1] == outcome_key]
    # The stream's opening looks for it; on a slow machine its state check half a second later may
    # too (a GET, as cheap as EXISTS while there is none). No describe reads it again (describe read
    # it 3 times).
    assert len(reads) <= 2, f"the outcome was read {len(reads)} times:\n{shown}"
