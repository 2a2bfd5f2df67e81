"""Bulk in an app folder (a committed virtual environment under any name, caches, node_modules) is
no part of the app: `check` does not copy it, the code version does not see it, workers' disks do
not get it, hot reload ignores writes in it, and install does not read its code for features."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from support import copy_app, run_viktorlite, wait_until
from viktorlite.app.app_files import app_files, is_not_app_folder
from viktorlite.app.environment_packages import features_used
from viktorlite.app.loader import code_version
from viktorlite.cli.reloader import Reloader
from viktorlite.workers.private_disk import PrivateDisk

APP = """\
from pathlib import Path

import viktor as vkt

HERE = Path(__file__).parent
BULK = ("myenv", "node_modules", ".tox", ".mypy_cache", "pytest-cache-files-x1")


class Controller(vkt.Controller):
    @vkt.DataView("Files")
    def files(self, params, **kwargs):
        copied = [name for name in BULK if (HERE / name).exists()]
        if copied:
            raise vkt.UserError("copied: " + ", ".join(copied))
        if not (HERE / "build" / "table.csv").is_file():
            raise vkt.UserError("build/table.csv was left out")
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("files", 1)))
"""


def make_app(parent: Path) -> Path:
    app = parent / "bulk_app"
    app.mkdir()
    (app / "viktor.config.toml").write_text('app_type = "simple"\n')
    (app / "app.py").write_text(APP)
    (app / "build").mkdir()  # an app's own folder named build stays
    (app / "build" / "table.csv").write_text("a,b\n1,2\n")
    return app


def add_bulk(app: Path) -> None:
    """A committed virtual environment under a name of its own, and other bulk."""
    env = app / "myenv"
    (env / "bin").mkdir(parents=True)
    (env / "pyvenv.cfg").write_text("home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.7\n")
    site = env / "lib" / "python3.11" / "site-packages" / "somelib"
    site.mkdir(parents=True)
    (site / "__init__.py").write_text("from viktor.views import GeometryView\n")  # would add trimesh if read
    (site / "data.bin").write_bytes(b"\0" * 100_000)
    for name in ("node_modules/left-pad", ".tox/py311", ".mypy_cache/3.11", "pytest-cache-files-x1"):
        (app / name).mkdir(parents=True)
        (app / name / "file.txt").write_text(name)


def test_the_rule_prunes_environments_by_marker_and_bulk_by_name(tmp_path: Path):
    app = make_app(tmp_path)
    add_bulk(app)
    assert is_not_app_folder(app / "myenv") and is_not_app_folder(app / "node_modules")
    assert not is_not_app_folder(app / "build")
    listed = [path.relative_to(app).as_posix() for path in app_files(app)]
    assert listed == ["app.py", "build/table.csv", "viktor.config.toml"]


def test_bulk_changes_neither_the_code_version_nor_the_features_install_reads(tmp_path: Path):
    app = make_app(tmp_path)
    before = code_version(app)
    add_bulk(app)
    assert code_version(app) == before
    (app / "myenv" / "lib" / "python3.11" / "site-packages" / "somelib" / "data.bin").write_bytes(b"changed")
    assert code_version(app) == before
    assert "GeometryView" not in [feature.name for feature in features_used(app)]  # somelib names it
    (app / "build" / "table.csv").write_text("a,b\n1,3\n")
    assert code_version(app) != before


def test_a_workers_disk_gets_the_app_without_its_bulk(tmp_path: Path):
    app = make_app(tmp_path)
    add_bulk(app)
    disk = PrivateDisk.fresh(tmp_path / "disk", app)
    copied = sorted(path.relative_to(disk.app_dir).as_posix() for path in disk.app_dir.rglob("*"))
    assert copied == ["app.py", "build", "build/table.csv", "viktor.config.toml"]


def test_check_does_not_copy_a_committed_environment(tmp_path: Path, redis_url: str):
    app = make_app(tmp_path)
    add_bulk(app)
    done = run_viktorlite("check", app, "--json", "--redis-url", redis_url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [row["status"] for row in json.loads(done.stdout)] == ["ok"]


def test_hot_reload_ignores_writes_in_a_committed_environment(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger="viktorlite.cli.reloader")
    app = copy_app(make_app(tmp_path), tmp_path)
    add_bulk(app)
    site = app / "myenv" / "lib" / "python3.11" / "site-packages"
    restarts: list[str] = []
    reloader = Reloader(app, lambda: restarts.append("restart")).start()

    def announced() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.getMessage().endswith("restarting the workers")]

    def reloads_after_writing(name: str) -> bool:
        (app / name).write_text("x")  # again on every check, until the watcher is up
        return any(name in line for line in announced())

    try:
        wait_until(lambda: reloads_after_writing("primer.txt"), 120, "the watcher to see a change")
        (site / "newlib").mkdir()
        (site / "newlib" / "__init__.py").write_text("VERSION = 2\n")  # pip installing into the committed env
        (site / "somelib" / "data.bin").write_bytes(b"changed")
        (app / "node_modules" / "left-pad" / "index.js").write_text("module.exports = 1\n")
        wait_until(lambda: reloads_after_writing("later.json"), 120, "a later reload")  # every earlier batch is in
        lines = announced()
        assert not [line for line in lines if "myenv" in line or "node_modules" in line], lines
        assert len(restarts) == len(lines)
    finally:
        reloader.stop()
