"""``viktorlite replay``: a served job runs again in a foreground process, with its kept inputs.

Everything is real: ``viktorlite serve`` runs the app, jobs go through the HTTP API to its worker,
and the replay is the ``viktorlite replay`` command as a user types it, in a subprocess.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
import redis

from support import APPS, Served, copy_app, run_viktorlite
from viktorlite.store.blobs import BlobStore
from viktorlite.store.keys import Keys


@dataclass
class ServedApp:
    served: Served
    directory: Path
    client: httpx2.Client
    entity_id: int

    def run(self, method: str, **params: object) -> tuple[str, dict]:
        """Run a view of the app's entity over the HTTP API; its id and how it ended."""
        started = self.client.post(f"/api/entities/{self.entity_id}/jobs", json={"method": method, "params": params})
        assert started.status_code == 202, started.text
        job_id = started.json()["job_id"]
        ended = self.client.get(f"/api/jobs/{job_id}", params={"wait": 60}).json()
        assert ended["status"] in ("finished", "failed"), ended
        return job_id, ended

    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.served.redis_url())


@contextlib.contextmanager
def serve(tmp_path: Path) -> Iterator[ServedApp]:
    directory = copy_app(APPS / "replay", tmp_path)
    with Served(directory) as served, httpx2.Client(base_url=served.url, timeout=120) as client:
        entity = client.post("/api/entities", json={"entity_type": "Replay", "name": "R"}).json()
        yield ServedApp(served, directory, client, entity["id"])


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    with serve(tmp_path_factory.mktemp("replay")) as served:
        yield served


def replay(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_viktorlite(
        "replay",
        *args,
        input=stdin,
        timeout=120,
        cwd=Path(__file__).parent,  # not an app folder: APP_DIR is given
    )


def result_printed(stdout: str) -> tuple[str, object]:
    """The result type and the JSON the replay printed after ``result: TYPE``."""
    head, _, rest = stdout.partition("result: ")
    kind, _, preview = rest.partition("\n")
    return kind, json.loads(preview)


def line_of(app_dir: Path, text: str) -> int:
    lines = (app_dir / "app.py").read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_a_failed_job_replays_with_the_traceback_the_worker_showed(app: ServedApp):
    job_id, ended = app.run("share", divisor=0)
    worker_traceback = ended["error"]["traceback"]
    assert "ZeroDivisionError: division by zero" in worker_traceback
    done = replay(job_id, str(app.directory), "--redis-url", app.served.redis_url())
    assert done.returncode == 1, done.stderr
    # Frame for frame the same, and both name the user's own app files (issue 19): never the
    # worker's private copy of the app, which the worker imported them from.
    assert f'File "{app.directory / "app.py"}", line ' in worker_traceback
    assert ".viktorlite" not in worker_traceback
    assert worker_traceback.rstrip() in done.stdout
    # The worker's log says the same (it logged the failure with the copy's paths before).
    logged = app.served.text().rpartition(f"job {job_id} failed")[2]
    assert f'File "{app.directory / "app.py"}", line ' in logged and ".viktorlite/workers/" not in logged
    assert "it ran at" in done.stdout and "failed: ZeroDivisionError: division by zero" in done.stdout


def test_a_successful_job_replays_with_the_same_result_and_its_storage(app: ServedApp):
    job_id, ended = app.run("note", note="kept once")
    assert ended["status"] == "finished"
    done = replay(job_id, str(app.directory))  # the Redis comes from the serve.json serve wrote
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[info] keeping 'kept once'" in done.stdout  # the app's message, printed as it came
    assert result_printed(done.stdout) == ("DataResult", ended["result"])  # read back from Storage


def test_a_job_with_an_uploaded_file_replays_with_the_file(app: ServedApp):
    uploaded = app.client.post(
        "/api/uploads?entity_type=Replay&field=drawing", files={"file": ("plan.txt", b"two rooms", "text/plain")}
    ).json()
    drawing = {"file_id": uploaded["file_id"], "filename": "plan.txt"}
    job_id, ended = app.run("drawing", drawing=drawing)
    assert ended["result"]["data"][0]["value"] == "two rooms"
    done = replay(job_id, str(app.directory))
    assert done.returncode == 0, done.stdout + done.stderr
    assert result_printed(done.stdout) == ("DataResult", ended["result"])
    assert "gone" not in done.stderr

    BlobStore(app.redis(), app.directory.name).delete(uploaded["file_id"])
    gone = replay(job_id, str(app.directory))
    assert f"the uploaded file plan.txt ({uploaded['file_id']}) is gone" in gone.stderr
    assert gone.returncode == 1  # the app's read of the file fails now, and says so
    assert "FileNotFoundError" in gone.stdout


def test_unknown_and_expired_jobs_cannot_be_replayed_and_say_why(app: ServedApp):
    unknown = replay("no-such-job", str(app.directory))
    assert unknown.returncode == 2
    assert "no inputs kept for job no-such-job (kept 2 hours; see keep_job_inputs_hours)" in unknown.stderr

    job_id, _ = app.run("note", note="short-lived")
    key = Keys(app.directory.name).job_inputs(job_id)
    connection = app.redis()
    assert 3600 < connection.ttl(key) <= 2 * 3600  # keep_job_inputs_hours = 2 in the app's config
    connection.delete(key)  # as if the two hours had passed
    expired = replay(job_id, str(app.directory))
    assert expired.returncode == 2
    assert f"the inputs of job {job_id} are gone: they expired (kept 2 hours" in expired.stderr


def test_pdb_opens_where_a_failed_job_raised(app: ServedApp):
    job_id, _ = app.run("share", divisor=0)
    done = replay(job_id, str(app.directory), "--pdb", stdin="p divisor == 0\nup\np total\nq\n")
    assert done.returncode == 1, done.stderr
    after_traceback = done.stdout.rpartition("ZeroDivisionError: division by zero\n")[2]
    raising = line_of(app.directory, "return total / divisor")
    assert after_traceback.startswith(f"> {app.directory / 'app.py'}({raising})_share()\n")
    assert "(Pdb) True\n" in after_traceback  # the raising frame's locals
    calling = line_of(app.directory, "_share(total, params.divisor)")
    assert f"> {app.directory / 'app.py'}({calling})share()" in after_traceback
    assert "(Pdb) 12\n" in after_traceback  # `up` reached the view's frame


def test_pdb_stops_at_the_first_line_of_a_method_that_succeeded(app: ServedApp):
    job_id, ended = app.run("note", note="debugged")
    done = replay(job_id, str(app.directory), "--pdb", stdin="p params.note\nc\n")
    assert done.returncode == 0, done.stderr
    first_line = line_of(app.directory, "vkt.UserMessage.info")  # the line after the docstring
    stop = f"> {app.directory / 'app.py'}({first_line})note()\n"
    assert stop in done.stdout
    assert "(Pdb) 'debugged'\n" in done.stdout.split(stop, 1)[1]
    assert result_printed(done.stdout) == ("DataResult", ended["result"])


def test_the_dashboard_and_the_job_log_show_the_replay_command(app: ServedApp):
    job_id, _ = app.run("note", note="shown")
    command = f"viktorlite replay {job_id} {app.directory}"
    jobs = {job["id"]: job for job in app.client.get("/api/dashboard").json()["jobs"]}
    assert jobs[job_id]["replay"] == command  # serve.json names this Redis: no --redis-url needed
    log = app.client.get(f"/api/entities/{app.entity_id}/jobs").json()["jobs"]
    assert {entry["job_id"]: entry["replay"] for entry in log}[job_id] == command


def test_a_stopped_serve_is_replayed_from_a_copy_of_its_redis_data(tmp_path: Path):
    with serve(tmp_path) as app:
        job_id, ended = app.run("note", note="after the stop")
        assert app.served.stop() == 0
    redis_dir = app.directory / ".viktorlite" / "redis"
    before = {path.name: path.read_bytes() for path in redis_dir.iterdir() if path.is_file()}
    done = replay(job_id, str(app.directory))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "reading a copy of its data" in done.stderr
    assert result_printed(done.stdout) == ("DataResult", ended["result"])
    after = {path.name: path.read_bytes() for path in redis_dir.iterdir() if path.is_file()}
    assert after == before  # the replay's Storage write went to the copy only
