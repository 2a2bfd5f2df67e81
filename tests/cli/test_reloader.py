"""The reloader reacts to the app's own files, once per burst of writes, and to nothing else."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from watchfiles import Change

from support import wait_until
from viktorlite.cli.reloader import AppFilesFilter, Reloader


@pytest.mark.parametrize(
    ("relative", "counts"),
    [
        ("app.py", True),
        ("beam/sections.py", True),
        ("data/table.csv", True),  # read through Path(__file__)
        ("viktor.config.toml", True),
        (".viktorlite/redis/appendonly.aof", False),
        (".viktorlite/env/lib/site.py", False),
        (".viktorlite/workers/worker-1/app/app.py", False),
        ("__pycache__/app.cpython-311.pyc", False),
        (".git/index", False),
        ("venv/lib/x.py", False),
        (".app.py.swp", False),
        ("app.py~", False),
        ("4913", False),  # vim's probe file
        ("#app.py#", False),  # emacs' auto-save
    ],
)
def test_which_files_count(tmp_path: Path, relative: str, counts: bool):
    assert AppFilesFilter()(Change.modified, str(tmp_path / relative)) is counts


def test_writes_are_announced_restarts_and_ignored_files_are_none(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger="viktorlite.cli.reloader")
    (tmp_path / ".viktorlite").mkdir()
    (tmp_path / "custom-data").mkdir()
    restarts: list[str] = []
    reloader = Reloader(tmp_path, lambda: restarts.append("restart"), ignore=[tmp_path / "custom-data"]).start()

    def announced() -> list[str]:  # one log line per restart, naming what changed
        return [r.getMessage() for r in caplog.records if r.getMessage().endswith("restarting the workers")]

    def reloads_after_writing(name: str) -> bool:
        (tmp_path / name).write_text("x")  # again on every check, until the watcher is up
        return any(name in line for line in announced())

    try:
        wait_until(lambda: reloads_after_writing("primer.txt"), 120, "the watcher to see a change")
        (tmp_path / ".viktorlite" / "dump.rdb").write_text("redis data")
        (tmp_path / "custom-data" / "x").write_text("the data folder, given as --data-dir")
        app = tmp_path / "app.py"
        for version in range(5):  # an editor saving in several writes
            app.write_text(f"VERSION = {version}\n")
        wait_until(lambda: any("app.py" in line for line in announced()), 120, "the reload for app.py")
        wait_until(lambda: reloads_after_writing("later.json"), 120, "a later reload")  # every earlier batch is in
        lines = announced()
        # How many batches the five writes make depends on the machine's load (watchfiles groups what comes
        # within its step): a test may not count on timing, so it checks only that they were seen and announced.
        assert any("app.py" in line for line in lines)
        assert not [line for line in lines if "dump.rdb" in line or "custom-data" in line]
        assert len(restarts) == len(lines)
    finally:
        reloader.stop()
    assert not reloader._thread.is_alive()
