"""`viktorlite new` and `viktorlite test` through the real command line.

Each new app is checked the strict way: `viktorlite check` runs its views and buttons in a real
worker, `viktorlite test` runs its own tests (which must fail once the app's code is broken), and
ruff, at its default line length, finds nothing to change.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

from support import run_viktorlite
from viktorlite.app.environment import READY_FILE, app_requirements
from viktorlite.sdk import __version__ as SDK_VERSION  # noqa: N812

COMPAT_APPS = Path(__file__).parent.parent / "compat_apps"
COMMON_FILES = {
    ".gitignore",
    "README.md",
    "requirements.txt",
    "viktor.config.toml",
    "tests/__init__.py",
    "tests/test_app.py",
}
TREE_PACKAGE = {f"app/{module}.py" for module in ("__init__", "beam/__init__", "project/__init__")}
TREE_MODULES = {
    f"app/{kind}/{module}.py" for kind in ("beam", "project") for module in ("controller", "parametrization")
}
FILES = {
    "editor": COMMON_FILES | {"app.py"},
    "simple": COMMON_FILES | {"app.py"},
    "tree": COMMON_FILES | TREE_PACKAGE | TREE_MODULES | {"app/beam/calculation.py"},
}
#: What `check` must report for each app: method -> result type, all with status ok.
CHECKED = {
    "editor": {"properties": "DataResult", "shape": "PlotlyResult", "download_csv": "DownloadResult"},
    "simple": {"properties": "DataResult", "shape": "PlotlyResult", "download_csv": "DownloadResult"},
    "tree": {"properties": "DataResult", "overview": "DataResult", "download_beams": "DownloadResult"},
}
#: The file holding the area formula that the app's tests check.
CALCULATION = {"editor": "app.py", "simple": "app.py", "tree": "app/beam/calculation.py"}


#: The app's tests get only the plugin `viktorlite test` names: this environment's own (schemathesis,
#: hypothesis) take seconds to load, and an app's environment would not have them.
QUIET_ENV = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def viktorlite(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_viktorlite(*args, env=QUIET_ENV)


def files_in(folder: Path) -> set[str]:
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and ".pytest_cache" not in path.parts
    }


@pytest.mark.parametrize("app_type", ["editor", "simple", "tree"])
def test_a_new_app_passes_its_check_and_its_own_tests(tmp_path: Path, redis_url: str, app_type: str) -> None:
    app = tmp_path / "not" / "yet" / f"my_{app_type}_app"  # a path: the missing parents are made
    made = viktorlite("new", app, "--type", app_type)
    assert made.returncode == 0, made.stderr
    assert f"viktorlite serve {app}" in made.stdout
    assert files_in(app) == FILES[app_type]
    assert tomllib.loads((app / "viktor.config.toml").read_text())["app_type"] == app_type
    assert (app / "requirements.txt").read_text().splitlines()[0] == f"viktor=={SDK_VERSION}"

    checked = viktorlite("check", app, "--json", "--redis-url", redis_url)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    rows = json.loads(checked.stdout)
    assert {row["method"]: row["result_type"] for row in rows} == CHECKED[app_type]
    assert {row["status"] for row in rows} == {"ok"}

    for lint in (
        ["check", "--isolated", "--select", "E,F,W,I,B,UP,SIM", "."],
        ["format", "--isolated", "--check", "."],
    ):
        linted = subprocess.run([sys.executable, "-m", "ruff", *lint], cwd=app, capture_output=True, text=True)
        assert linted.returncode == 0, linted.stdout + linted.stderr

    tested = viktorlite("test", app)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "3 passed" in tested.stdout

    calculation = app / CALCULATION[app_type]
    code = calculation.read_text()
    assert "area = width * height" in code
    calculation.write_text(code.replace("area = width * height", "area = width + height"))
    broken = viktorlite("test", app)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert " failed" in broken.stdout


def test_new_fills_an_existing_empty_folder_and_defaults_to_an_editor_app(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    made = viktorlite("new", tmp_path / "empty")
    assert made.returncode == 0, made.stderr
    assert tomllib.loads((tmp_path / "empty" / "viktor.config.toml").read_text())["app_type"] == "editor"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]  # no staging folder left behind


def test_new_refuses_a_folder_that_is_not_empty_and_leaves_it_alone(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    (tmp_path / "a_file").write_text("mine too")
    for target in ("taken", "a_file"):
        refused = viktorlite("new", tmp_path / target)
        assert refused.returncode == 1
        assert f"{tmp_path / target} already exists and is not" in refused.stderr
    assert files_in(tmp_path) == {"taken/notes.txt", "a_file"}
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("name", ["my app", "..", ".hidden", "x" * 65])
def test_new_refuses_a_name_that_cannot_be_an_app_name(tmp_path: Path, name: str) -> None:
    refused = viktorlite("new", "--", tmp_path / name)
    assert refused.returncode == 2
    assert "is not a valid app folder name" in refused.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_an_unknown_type_and_its_help_names_the_default(tmp_path: Path) -> None:
    refused = viktorlite("new", tmp_path / "app", "--type", "dashboard")
    assert refused.returncode == 2
    assert "'dashboard' is not one of 'editor', 'simple', 'tree'" in refused.stderr
    helped = viktorlite("new", "--help")
    assert "[default: editor]" in helped.stdout and "viktorlite new projects --type tree" in helped.stdout


def test_an_sdk_apps_unittest_suite_runs_isolated_from_the_project_around_it(tmp_path: Path) -> None:
    """An app inside another project must not pick up that project's pytest settings or conftest."""
    outer = tmp_path / "outer"
    outer.mkdir()
    (outer / "pyproject.toml").write_text('[tool.pytest.ini_options]\naddopts = "--no-such-option"\n')
    (outer / "conftest.py").write_text("raise RuntimeError('the outer conftest was loaded')\n")
    app = outer / "testing_app"
    shutil.copytree(COMPAT_APPS / "testing_app", app, ignore=shutil.ignore_patterns("__pycache__"))
    tested = viktorlite("test", app, "-v")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "tests/test_app.py::TestInfo::test_info PASSED" in tested.stdout

    # The app's own settings are used; options after the folder go to pytest, last, so they win.
    (app / "pyproject.toml").write_text('[tool.pytest.ini_options]\naddopts = "-k no_test_has_this_name"\n')
    deselected = viktorlite("test", app)
    assert deselected.returncode == 5, deselected.stdout + deselected.stderr  # pytest's "no tests ran"
    selected = viktorlite("test", app, "-k", "test_info")
    assert selected.returncode == 0, selected.stdout + selected.stderr
    assert "1 passed" in selected.stdout


def test_test_refuses_a_folder_without_an_app_and_an_environment_without_pytest(tmp_path: Path) -> None:
    refused = viktorlite("test", tmp_path)
    assert refused.returncode == 1
    assert f"{tmp_path}: no app.py or app/__init__.py found" in refused.stderr
    app = tmp_path / "app"
    assert viktorlite("new", app).returncode == 0
    env = app / ".viktorlite" / "env"
    venv.create(env, with_pip=False)  # the app's own environment, installed but without pytest
    (env / READY_FILE).write_text(json.dumps({"requirements": app_requirements(app)}), encoding="utf-8")
    refused = viktorlite("test", app)
    assert refused.returncode == 1
    assert f"pytest and viktorlite cannot be imported by {app / '.viktorlite' / 'env' / 'bin' / 'python'}" in (
        refused.stderr
    )
    assert f"run `viktorlite install {app}` again" in refused.stderr
