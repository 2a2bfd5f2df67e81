"""App environments end to end: ``viktorlite install`` builds one from requirements.txt, and the
app's workers (under ``check``, ``serve`` and ``viktorlite worker``) run in it, the web process not.

tests/apps/pinned_env pins tabulate 0.8.10, which viktorlite's own environment does not have: its
module imports it, so the app only loads where the pin was installed. The environment is built
once for the module (about 35 s with a warm pip cache: viktorlite and its dependencies are
installed from the pip cache into the new environment).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
import redis

from support import APPS, VIKTORLITE, Served, copy_app, descendants, run_viktorlite, wait_for_manifest
from viktorlite.app_env import env_dir, worker_python
from viktorlite.processes import ManagedProcess


def viktorlite_command(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return run_viktorlite(*args, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def installed_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert importlib.util.find_spec("tabulate") is None, "the test needs a package viktorlite's environment lacks"
    app = copy_app(APPS / "pinned_env", tmp_path_factory.mktemp("apps"))
    started = time.monotonic()
    done = viktorlite_command("install", str(app))
    print(f"viktorlite install took {time.monotonic() - started:.1f} s")  # shown with -s; not asserted
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"will run with {env_dir(app)}/bin/python" in done.stdout
    return app


def argv_of(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]


def app_env_python(app: Path) -> str:
    return str(env_dir(app) / "bin" / "python")


def test_install_puts_the_pinned_package_into_the_apps_own_environment(installed_app: Path):
    assert worker_python(installed_app) == app_env_python(installed_app)
    code = "import sys, tabulate, viktorlite; print(sys.prefix, tabulate.__version__)"
    done = subprocess.run([app_env_python(installed_app), "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(env_dir(installed_app)), "0.8.10"]


def test_check_runs_the_app_in_its_environment(installed_app: Path, redis_url: str, tmp_path: Path):
    done = viktorlite_command("check", str(installed_app), "--json", "--redis-url", redis_url, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [(row["method"], row["status"]) for row in json.loads(done.stdout)] == [("environment", "ok")]
    # The same app without its environment cannot even load: the check above did not run in ours.
    bare = copy_app(installed_app, tmp_path)
    failed = viktorlite_command("check", str(bare), "--json", "--redis-url", redis_url, timeout=180)
    assert failed.returncode == 1 and "No module named 'tabulate'" in failed.stderr + failed.stdout


@pytest.fixture
def served(installed_app: Path) -> Iterator[Served]:
    with Served(installed_app) as server:
        yield server


def test_serve_runs_workers_in_the_app_environment_and_the_web_process_in_its_own(served: Served, installed_app: Path):
    entity = httpx2.post(served.url + "/api/entities", json={"entity_type": "Environment", "name": "E"}).json()
    job = httpx2.post(served.url + f"/api/entities/{entity['id']}/jobs", json={"method": "environment"}).json()
    outcome = httpx2.get(served.url + f"/api/jobs/{job['job_id']}", params={"wait": 60}, timeout=120).json()
    assert outcome["status"] == "finished", outcome.get("error")
    assert [item["value"] for item in outcome["result"]["data"]] == [str(env_dir(installed_app)), "0.8.10"]
    commands = [argv_of(pid) for pid in descendants(served.process.pid)]
    (web,) = [argv for argv in commands if argv[3:5] == ["viktorlite", "web"]]
    workers = [argv for argv in commands if argv[3:5] == ["viktorlite", "worker"]]
    assert web[0] == sys.executable
    assert workers and {argv[0] for argv in workers} == {app_env_python(installed_app)}


def test_a_worker_started_from_viktorlites_python_switches_to_the_app_environment(
    installed_app: Path, redis_url: str, tmp_path: Path
):
    worker = ManagedProcess(
        "worker",
        [*VIKTORLITE, "worker", str(installed_app), "--redis-url", redis_url]
        + ["--name", "switching", "--data-dir", str(tmp_path / "data")],
        log_file=tmp_path / "worker.log",
    )
    worker.start()
    try:
        client = redis.Redis.from_url(redis_url)
        manifest = wait_for_manifest(client, installed_app.name)
        assert "error" not in manifest, manifest.get("error")  # it imported tabulate: it runs in the app's env
        assert worker.popen is not None
        assert argv_of(worker.popen.pid)[:2] == [app_env_python(installed_app), "-P"]  # the same process, re-executed
        assert worker.alive()
    finally:
        worker.stop()


def test_a_failing_install_names_the_problem_and_leaves_no_environment(tmp_path: Path):
    app = copy_app(APPS / "pinned_env", tmp_path)
    (app / "requirements.txt").write_text("tabulate==99.0\n")
    done = viktorlite_command("install", str(app))
    assert done.returncode == 1
    assert "pip could not install the app's requirements (tabulate==99.0) with viktorlite" in done.stderr
    assert "it was removed" in done.stderr
    assert not env_dir(app).exists()
    assert worker_python(app) is None
