"""An acknowledged save is never lost, even when every process is killed at once."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import threading
from pathlib import Path

import httpx2

from support import APPS, Served, alive, copy_app, descendants, wait_until


def test_every_acknowledged_revision_survives_sigkill_of_every_process(tmp_path: Path):
    app_dir = copy_app(APPS / "calculator", tmp_path)
    first = Served(app_dir)
    entity = httpx2.post(first.url + "/api/entities", json={"entity_type": "Calculator", "name": "D"}).json()
    acknowledged: dict[int, int] = {}
    stop = threading.Event()

    def save_in_a_loop() -> None:
        with httpx2.Client(timeout=60) as client:
            for i in range(500):
                if stop.is_set():
                    return
                try:
                    response = client.put(
                        f"{first.url}/api/entities/{entity['id']}/params", json={"params": {"numbers": {"a": i}}}
                    )
                except httpx2.HTTPError:
                    return  # the server is gone: this save was never acknowledged
                if response.status_code == 200:
                    acknowledged[response.json()["revision"]] = i

    saver = threading.Thread(target=save_in_a_loop)
    saver.start()
    kill_after = random.randint(20, 200)
    wait_until(lambda: len(acknowledged) >= kill_after, 120, f"{kill_after} acknowledged saves")
    family = descendants(first.process.pid) | {first.process.pid}
    for pid in family:  # web, workers, work horses, Redis and the supervisor, all at once
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    first.process.wait()
    stop.set()
    saver.join()
    wait_until(lambda: not any(alive(pid) for pid in family), 120, "every process to be gone")

    second = Served(app_dir)
    try:
        revisions = httpx2.get(f"{second.url}/api/entities/{entity['id']}/revisions").json()
        kept = {r["revision"] for r in revisions}
        assert set(acknowledged) <= kept, sorted(set(acknowledged) - kept)
        for number, i in list(acknowledged.items())[-5:]:
            params = httpx2.get(f"{second.url}/api/entities/{entity['id']}/revisions/{number}").json()["params"]
            assert params == {"numbers": {"a": i}}
    finally:
        second.stop()
