"""``viktorlite web --workers N`` (issue 20, item 4): N real web processes on one port.

Each answers requests (``/healthz`` names its pid), one killed leaves the other serving, the
once-per-cluster loops run in the one process holding the Redis lease and move when it is
SIGKILLed, initial entities are created once between them, and SIGTERM leaves no process behind.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest
import redis
from rq import Worker

from support import APPS, HANG, Served, alive, copy_app, descendants, start_web, wait_until
from viktorlite.app.config import app_name
from viktorlite.app.loader import load_app
from viktorlite.app.manifest_builder import build_manifest
from viktorlite.processes import ManagedProcess
from viktorlite.store.entities import EntityStore
from viktorlite.store.keys import Keys
from viktorlite.store.manifest import publish_manifest
from viktorlite.store.users_file import add_user


def healthz_by_pid(url: str, pids: set[int]) -> dict[int, dict]:
    """A fresh ``/healthz`` answer from each of ``pids``: asked on new connections, eight at a time,
    until every one of them answered (the kernel hands each connection to whichever process accepts)."""
    seen: dict[int, dict] = {}

    def ask(_: int) -> dict:
        return httpx2.get(url + "/healthz", timeout=30).json()

    def all_answered() -> bool:
        with ThreadPoolExecutor(8) as pool:
            for body in pool.map(ask, range(8)):
                seen[body["pid"]] = body
        return pids <= seen.keys()

    wait_until(all_answered, HANG, f"an answer from each of the web processes {pids}")
    return {pid: seen[pid] for pid in pids}


def lease_holder(client: redis.Redis, app: str) -> int | None:
    """The pid the app's lease names (its value is host:pid:token), if anyone holds it."""
    value = client.get(Keys(app).web_lease)
    return int(value.decode().split(":")[1]) if value else None


def web_children(supervisor: ManagedProcess, count: int) -> set[int]:
    """The supervisor's ``count`` live children, once it has them all."""
    assert supervisor.pid is not None
    pids: set[int] = set()

    def started() -> bool:
        pids.clear()
        pids.update(pid for pid in descendants(supervisor.pid or 0) if alive(pid))
        return len(pids) == count

    wait_until(started, HANG, f"{count} web processes")
    return set(pids)


@pytest.fixture
def two_web(publish_app, redis_url: str) -> Iterator[tuple[ManagedProcess, str, str]]:
    """``viktorlite web --workers 2`` of an app whose manifest is published: (supervisor, url, app)."""
    published = publish_app("calculator")
    web, url = start_web(published.directory, redis_url, "--workers", "2")
    yield web, url, published.name
    web.stop()


def test_both_web_processes_answer_and_one_killed_leaves_the_other_serving(two_web):
    web, url, _ = two_web
    children = web_children(web, 2)
    answers = healthz_by_pid(url, children)
    assert all(body["status"] == "ok" for body in answers.values()), answers

    killed, survivor = sorted(children)
    os.kill(killed, signal.SIGKILL)
    wait_until(lambda: not alive(killed), HANG, "the killed web process to be gone")
    for _ in range(20):  # every request is answered, none by the dead process
        answer = httpx2.get(url + "/api/app", timeout=30)
        assert answer.status_code == 200, answer.text
    assert healthz_by_pid(url, {survivor})[survivor]["status"] == "ok"
    # The supervisor starts another in its place.
    replaced = web_children(web, 2)
    assert survivor in replaced and killed not in replaced


def test_the_once_per_cluster_loops_run_in_one_process_and_move_when_it_is_killed(two_web, redis_client):
    web, url, app = two_web
    children = web_children(web, 2)

    def held_by_one_of(pids: set[int]) -> bool:
        holder = lease_holder(redis_client, app)
        if holder not in pids:
            return False
        answers = healthz_by_pid(url, pids)
        return [pid for pid, body in answers.items() if body["cluster_lease"]] == [holder]

    wait_until(lambda: held_by_one_of(children), HANG, "one web process to hold the lease")
    holder = lease_holder(redis_client, app)
    assert holder is not None
    os.kill(holder, signal.SIGKILL)  # no clean stop: the lease must lapse

    def moved() -> bool:
        now = {pid for pid in descendants(web.pid or 0) if alive(pid)}
        return holder not in now and len(now) == 2 and held_by_one_of(now)

    wait_until(moved, HANG, "the lease to move to another web process")
    assert lease_holder(redis_client, app) != holder


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_sigterm_or_ctrl_c_stops_every_web_process(two_web, sig: signal.Signals):
    web, url, _ = two_web
    children = web_children(web, 2)
    healthz_by_pid(url, children)
    web.signal_group(sig)
    assert web.popen is not None
    assert web.popen.wait(timeout=HANG) == 0
    wait_until(lambda: not any(alive(pid) for pid in children), HANG, "the web processes to end")


def test_web_processes_starting_together_create_the_initial_entities_once(tmp_path: Path, redis_url: str):
    directory = copy_app(APPS / "tree", tmp_path)
    name = app_name(directory)
    manifest = build_manifest(load_app(directory, name=name))
    web, url = start_web(directory, redis_url, "--workers", "2")
    try:
        children = web_children(web, 2)

        def waiting_for_the_manifest() -> bool:
            answers = healthz_by_pid(url, children)
            return all(body["loops"]["initial_entities"]["state"] == "running" for body in answers.values())

        wait_until(waiting_for_the_manifest, HANG, "both web processes to wait for a manifest")
        client = redis.Redis.from_url(redis_url)
        publish_manifest(client, manifest)  # both are woken by the same announcement

        def both_applied() -> bool:
            answers = healthz_by_pid(url, children)
            return all(body["loops"]["initial_entities"]["state"] == "done" for body in answers.values())

        wait_until(both_applied, HANG, "both web processes to apply the initial entities")
        names = sorted(record.name for record in EntityStore(client, name).all())
        assert names == ["Annex", "Demo project", "Tower A"]
    finally:
        web.stop()


def test_serve_with_two_web_processes_reaps_after_the_lease_holder_is_killed_and_stops_them_all(tmp_path: Path):
    with Served(copy_app(APPS / "redis_faults", tmp_path), "--web-workers", "2") as served:
        url, client, app = served.url, redis.Redis.from_url(served.redis_url()), app_name(served.app_dir)
        assert served.process.pid is not None
        wait_until(lambda: lease_holder(client, app), HANG, "a web process to hold the lease")
        before = descendants(served.process.pid)
        holder = lease_holder(client, app)
        assert holder in before and b"web" in Path(f"/proc/{holder}/cmdline").read_bytes()
        os.kill(holder, signal.SIGKILL)

        # The reaper still runs, in another web process: a worker that stops beating gets its job failed.
        entity = httpx2.post(url + "/api/entities", json={"entity_type": "Sample", "name": "S"}).json()
        started = httpx2.post(url + f"/api/entities/{entity['id']}/jobs", json={"method": "sleepy"}).json()

        def job() -> dict:
            return httpx2.get(url + f"/api/jobs/{started['job_id']}", timeout=30).json()

        wait_until(lambda: job()["status"] == "started", HANG, "the sleepy job to start")
        (worker,) = Worker.all(connection=client)
        os.kill(worker.pid, signal.SIGSTOP)
        try:
            wait_until(lambda: job()["status"] != "started", HANG, "the reaper to end the job")
            assert job()["status"] == "failed" and "died; the job was lost" in job()["error"]["message"]
            assert lease_holder(client, app) not in (None, holder)
        finally:
            os.kill(worker.pid, signal.SIGKILL)
        running = descendants(served.process.pid)
        assert served.stop() == 0
    wait_until(lambda: not any(alive(pid) for pid in before | running), HANG, "every process of serve to end")


def test_a_login_made_in_one_web_process_holds_in_the_others(publish_app, redis_url: str, tmp_path: Path):
    published = publish_app("calculator")
    users = tmp_path / "users"
    add_user(users, "alice", "correct horse battery")
    web, url = start_web(published.directory, redis_url, "--workers", "2", "--users-file", str(users))
    try:
        healthz_by_pid(url, web_children(web, 2))  # both answer
        login = httpx2.post(url + "/login", data={"name": "alice", "password": "correct horse battery", "next": "/"})
        assert login.status_code == 303, login.text
        cookies = dict(login.cookies)

        def ask(_: int) -> int:  # new connections, so both processes get some of them
            return httpx2.get(url + "/api/app", cookies=cookies, timeout=30).status_code

        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(ask, range(32))) == {200}
    finally:
        web.stop()
