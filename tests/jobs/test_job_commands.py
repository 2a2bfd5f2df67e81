"""What one view job costs in Redis commands, end to end: the POST, the worker, the event stream.

Issue 18 item 1: a view job costs at most six of viktorlite's own commands: the POST reads the entity
and the manifest (MGET) and records the job as its view's newest (SET GET, with RQ's enqueue); the
work horse looks for a stop and a newer run in one MGET; it delivers its outcome (which carries the
replay record) with the job log entry and the end announcement carrying the outcome; the event stream
of a job its web process queued opens without reading the outcome (the process's event fanout heard
every end since) and ends from the pushed outcome. Counted with MONITOR on the test's own Redis, for
the test's own app only; RQ's own commands (``rq:`` keys) are not viktorlite's to save.
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
from viktorlite.jobs import inputs as job_inputs
from viktorlite.web.routes import job_events

STOP = "test-job-commands-stop"
#: Our commands for one view job, the periodic looks left out (see ``_job_path``): it was 20 before
#: issue 18, 14 after its first pass, 11 after its second (MGET; SET, LPUSH recent-jobs; GET (the
#: stream's opening); EXISTS (the stop check before the fork), GET + SET (the horse's start); LPUSH,
#: SET, PUBLISH, SET (its delivery)); now MGET; SET; MGET; LPUSH, SET, PUBLISH.
MOST_COMMANDS = 6


@contextmanager
def monitored(url: str, times: list[float] | None = None) -> Iterator[list[list[str]]]:
    """Every command Redis receives meanwhile, as its words (and, into ``times``, when it came)."""
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
                if times is not None:
                    times.append(float(item["time"]))

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


#: Keys of the web process's and the workers' periodic bookkeeping, which no job causes.
PERIODIC = (":worker:", ":web-lease", ":dequeued-seen")


def _job_path(ours: list[list[str]]) -> list[list[str]]:
    """Leave out the looks whose number depends on how long a job ran, not on the path: the
    worker's stop check every 0.1 s while a job runs (an EXISTS of its stop key, this job's or, on a
    loaded machine, the job before it, whose end the worker had not seen yet; the horse's look before
    the job runs is an MGET, counted), and periodic bookkeeping (the disk report's look, the web's lease)."""
    return [
        words
        for words in ours
        if not (words[0].upper() == "EXISTS" and ":job:" in words[1] and words[1].endswith(":stop"))
        and not any(part in words[1] for part in PERIODIC)
    ]


def _view_job(client, connection: redis.Redis, entity_id: int) -> tuple[str, dict]:
    job_id, end = _streamed_view_job(client, entity_id)
    job = Job(job_id, connection=connection, serializer=JSONSerializer)
    wait_until(lambda: job.get_status(refresh=True) == "finished", HANG, "the job finished in RQ")
    return job_id, end


def _streamed_view_job(client, entity_id: int, a: int = 3) -> tuple[str, dict]:
    """A view job, posted and followed on its event stream to its end (which reads nothing of RQ's)."""
    body = {"method": "result", "params": {"numbers": {"a": a, "b": 4}, "mode": "sum"}}
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
    return job_id, end


def test_a_view_job_costs_few_commands_and_its_end_event_brings_the_result(start_app, redis_url, monkeypatch):
    # The stream re-reads the job's state every half second in case it ends unannounced (a killed
    # horse); how many times depends on the machine's speed, not on the path: here it waits for the
    # announcement alone, which every end of this job sends.
    monkeypatch.setattr(job_events, "RECHECK_SECONDS", HANG)
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
    path = _job_path(ours)
    shown = "\n".join(" ".join(word[:70] for word in words[:3]) for words in path)
    assert len(path) <= MOST_COMMANDS, f"{len(path)} commands:\n{shown}"
    outcome_key = f"viktorlite:{running.name}:job:{job_id}:outcome"
    reads = [words for words in ours if words[0].upper() == "GET" and words[1] == outcome_key]
    # Neither the stream's opening (it was queued by this process, whose event fanout heard every end
    # since) nor its end (the outcome came with the announcement) reads it; describe read it 3 times.
    assert reads == [], f"the outcome was read {len(reads)} times:\n{shown}"
    # The replay record travelled in the outcome's write, and says how the job ended.
    kept = job_inputs.read(connection, running.name, job_id)
    assert kept is not None and kept[1].job_id == job_id and kept[1].ended == {"ok": True}
    assert kept[1].request["params"] == {"numbers": {"a": 3, "b": 4}, "mode": "sum"}


def test_jobs_back_to_back_send_no_job_heartbeat_and_look_for_a_suspension_once_a_second(start_app, redis_url):
    """RQ sends a heartbeat of each job as it ends (for a long callback; viktorlite's jobs have none) and
    looks for ``rq suspend`` before every dequeue: two round trips per job that a worker here leaves
    out, looking for a suspension at most once a second (issue 18)."""
    running = start_app("calculator")
    connection = redis.Redis.from_url(redis_url)
    with running.client() as client:
        entity_id = client.post("/api/entities", json={"entity_type": "Calculator", "name": "c"}).json()["id"]
        _view_job(client, connection, entity_id)
        times: list[float] = []
        with monitored(redis_url, times) as seen:
            job_ids = {_view_job(client, connection, entity_id)[0] for _ in range(4)}
    heartbeats, in_transaction = [], False  # RQ's heartbeats that go with other writes cost no round trip
    for words in seen:
        in_transaction = words[0].upper() == "MULTI" or (in_transaction and words[0].upper() != "EXEC")
        job_id = words[1].removeprefix("rq:job:") if len(words) > 1 else ""
        if not in_transaction and words[0].upper() == "HSET" and job_id in job_ids and words[2:3] == ["last_heartbeat"]:
            heartbeats.append(words)
    assert heartbeats == []
    looks = [at for at, words in zip(times, seen, strict=True) if words[:2] == ["EXISTS", "rq:suspended"]]
    assert all(later - earlier >= 0.99 for earlier, later in zip(looks, looks[1:], strict=False)), looks


def test_a_worker_with_jobs_waiting_goes_from_one_to_the_next_without_writing_idle(start_app, redis_url, tmp_path):
    """RQ writes the worker's state ``idle`` before every dequeue; a worker here writes it only when no
    job is waiting (one round trip a job less, issue 18), so two jobs queued behind a running one run
    after it with no ``idle`` in between."""
    running = start_app("gate")
    connection = redis.Redis.from_url(redis_url)
    held_gate, open_gate = tmp_path / "held", tmp_path / "open"
    open_gate.touch()

    def view_job(client, gate) -> str:
        entity = client.post("/api/entities", json={"entity_type": "Gate", "name": gate.name}).json()["id"]
        body = {"method": "held", "params": {"gate_file": str(gate)}}
        started = client.post(f"/api/entities/{entity}/jobs", json=body)
        assert started.status_code == 202, started.text
        return started.json()["job_id"]

    with running.client() as client:
        held = view_job(client, held_gate)
        job = Job(held, connection=connection, serializer=JSONSerializer)
        wait_until(lambda: job.get_status(refresh=True) == "started", HANG, "the held job started")
        with monitored(redis_url) as seen:
            queued = [view_job(client, open_gate) for _ in range(2)]
            held_gate.touch()
            for job_id in (held, *queued):
                assert client.get(f"/api/jobs/{job_id}", params={"wait": HANG}).json()["status"] == "finished"
    idle = [words for words in seen if words[0].upper() == "HSET" and words[2:4] == ["state", "idle"]]
    assert len(idle) <= 1, idle  # after the last job only, if the worker got to it yet


def test_the_worker_takes_a_finished_jobs_end_from_its_horse_not_from_redis(start_app, redis_url):
    """After a job, the worker parent knows from the return gate that RQ recorded the job as finished
    (the horse notes it there): it no longer reads the job's status back before its next job (issue 18)."""
    running = start_app("calculator")
    with running.client() as client:
        entity_id = client.post("/api/entities", json={"entity_type": "Calculator", "name": "c"}).json()["id"]
        _streamed_view_job(client, entity_id, 1)
        with monitored(redis_url) as seen:
            first, end = _streamed_view_job(client, entity_id, 2)
            _streamed_view_job(client, entity_id, 3)  # the worker takes it after it dealt with the first one's end
    assert end["status"] == "finished"
    status_reads = [words for words in seen if words[:3] == ["HGET", f"rq:job:{first}", "status"]]
    assert status_reads == []
