"""An app that fails to load is reported with the file and line to fix, in the folder the user edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from viktorlite.app.config import AppConfigError
from viktorlite.app.loader import load_app
from viktorlite.app.manifest_builder import build_manifest
from viktorlite.workers.load_error import error_location, load_error

CONFIG = 'app_type = "editor"\n'


def write_app(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    (folder / "viktor.config.toml").write_text(CONFIG)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def failure(folder: Path) -> BaseException:
    with pytest.raises(Exception) as caught:
        build_manifest(load_app(folder))
    return caught.value


@pytest.mark.parametrize(
    ("files", "where"),
    [
        ({"app.py": "import viktor as vkt\nimport a_package_nobody_installed\n"}, ("app.py", 2)),
        ({"app/__init__.py": "from . import helpers\n", "app/helpers.py": "x = 1\ndef f(:\n"}, ("app/helpers.py", 2)),
        (
            {"app/__init__.py": "from .helpers import f\n\nf()\n", "app/helpers.py": "def f():\n    return 1 / 0\n"},
            ("app/helpers.py", 2),
        ),
        (
            {"app.py": "import viktor as vkt\n\nclass P(vkt.Parametrization):\n    a = vkt.NumberField()\n"},
            ("app.py", 4),
        ),
        ({"app.py": "import viktor as vkt\n"}, (None, None)),  # no Controller: nothing to point at
    ],
    ids=["import-error", "syntax-error-in-a-module", "exception-at-import", "bad-field", "no-controller"],
)
def test_the_error_points_at_the_app_file_and_line(tmp_path: Path, files: dict[str, str], where: tuple):
    folder = write_app(tmp_path / "myapp", files)
    assert error_location(failure(folder), folder) == where


def test_a_parametrization_that_is_not_one_names_its_entity_type(tmp_path: Path):
    folder = write_app(
        tmp_path / "myapp", {"app.py": "import viktor as vkt\n\nclass Beam(vkt.Controller):\n    parametrization = 5\n"}
    )
    exc = failure(folder)
    assert isinstance(exc, AppConfigError)
    assert str(exc).startswith("Beam: expected a Parametrization")


def test_paths_of_the_workers_copy_read_as_the_app_folder(tmp_path: Path):
    copy = write_app(tmp_path / "disk" / "app", {"app.py": "import viktor as vkt\n\nraise RuntimeError('boom')\n"})
    shown_as = tmp_path / "myapp"
    error = load_error(failure(copy), copy, shown_as)
    assert (error["file"], error["line"]) == ("app.py", 3)
    assert error["message"] == "The app failed to load: RuntimeError: boom"
    assert f'File "{shown_as / "app.py"}", line 3' in error["traceback"]
    assert str(copy) not in error["traceback"]
