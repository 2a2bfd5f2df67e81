"""`viktorlite install` makes the app's environment with the Python its viktor.config.toml names
(`python_version`, as the platform publishes it), whichever Python runs viktorlite; when that
Python is not on the machine it uses the running one and warns, never fails.

Real installs (real pip, the pip cache) of a tiny app whose view fails unless it runs with the
version its config names; real interpreters (pyenv's), and a real broken shim on PATH.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import run_viktorlite
from viktorlite.app.environment import READY_FILE, env_dir, env_version
from viktorlite.app.environment_python import find_python, running_version, wanted_version

RUNNING = running_version()
#: The other Python this suite is run with (3.11 and 3.12: the project venv is either).
OTHER = "3.11" if RUNNING != "3.11" else "3.12"

APP_PY = '''"""Says which Python runs it; fails unless it is the one viktor.config.toml names."""

import sys
import tomllib
from pathlib import Path

import viktor as vkt

WANTED = tomllib.loads((Path(__file__).parent / "viktor.config.toml").read_text()).get("python_version")


class Controller(vkt.Controller):
    @vkt.DataView("Python")
    def python(self, params, **kwargs):
        running = "%d.%d" % sys.version_info[:2]
        if WANTED and WANTED != "3.4" and running != WANTED:
            raise RuntimeError(f"runs with Python {running}, not {WANTED}")
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("python", running)))
'''


def make_app(parent: Path, python_version: str | None) -> Path:
    app = parent / "which_python"
    app.mkdir()
    (app / "app.py").write_text(APP_PY)
    (app / "requirements.txt").write_text("")
    set_python_version(app, python_version)
    return app


def set_python_version(app: Path, python_version: str | None) -> None:
    line = f'python_version = "{python_version}"\n' if python_version else ""
    (app / "viktor.config.toml").write_text(f'app_type = "simple"\n{line}')


def install(app: Path) -> subprocess.CompletedProcess[str]:
    return run_viktorlite("install", app, "--latest", timeout=900, stdin=subprocess.DEVNULL)


def check_ok(app: Path, redis_url: str) -> None:
    done = run_viktorlite("check", app, "--json", "--redis-url", redis_url, timeout=300)
    rows = json.loads(done.stdout)
    assert (done.returncode, [row["status"] for row in rows]) == (0, ["ok"]), done.stdout + done.stderr


def python_of_env(app: Path) -> str:
    done = subprocess.run(
        [env_dir(app) / "bin" / "python", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_app_gets_the_python_its_config_names_or_the_running_one_and_a_warning(tmp_path: Path, redis_url: str):
    app = make_app(tmp_path, "3.4")  # no machine has it
    done = install(app)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        "warning: viktor.config.toml asks for python_version 3.4, which is not on this machine (looked for "
        "python3.4 on PATH, pyenv's versions"
    ) in done.stderr
    assert f"the environment uses Python {RUNNING} ({sys.executable}), the one running viktorlite" in done.stderr
    assert python_of_env(app) == RUNNING

    if find_python(OTHER) is None:
        pytest.skip(f"no Python {OTHER} on this machine (PATH, pyenv, uv) to make the app's environment with")
    set_python_version(app, OTHER)
    done = install(app)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"with Python {OTHER} (python_version {OTHER} of viktor.config.toml) anew (it had Python {RUNNING})" in (
        done.stdout
    )
    assert "warning" not in done.stderr
    assert python_of_env(app) == OTHER == env_version(env_dir(app))
    assert json.loads((env_dir(app) / READY_FILE).read_text())["python_version"] == OTHER
    check_ok(app, redis_url)  # the worker runs the app with the environment's Python, which the view checks


def test_a_python_version_that_is_no_version_is_named_and_ignored(tmp_path: Path):
    app = make_app(tmp_path, None)
    (app / "viktor.config.toml").write_text('app_type = "simple"\npython_version = 3.11\n')  # a float
    assert wanted_version(app) == (None, 'python_version 3.11 of viktor.config.toml is not a version such as "3.11"')
    (app / "viktor.config.toml").write_text('app_type = "simple"\npython_version = "3.11.7"\n')
    assert wanted_version(app) == ("3.11", None)


def test_a_broken_shim_on_path_is_passed_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """pyenv's shim for a version other than its global one exits 127: the next place is tried."""
    if find_python(OTHER) is None:
        pytest.skip(f"no Python {OTHER} on this machine (PATH, pyenv, uv)")
    shim = tmp_path / f"python{OTHER}"
    shim.write_text(f"#!/bin/sh\necho 'pyenv: python{OTHER}: command not found' >&2\nexit 127\n")
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    found = find_python(OTHER)
    assert found is not None and found != str(shim)
