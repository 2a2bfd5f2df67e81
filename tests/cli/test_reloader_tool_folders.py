"""Hot reload restarts the workers for the app's files only: not for what test runners, linters,
version control and editors write next to them (the rule of viktorlite.app.app_files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from watchfiles import Change

from support import HANG, Served, run_viktorlite, wait_until
from viktorlite.cli.reloader import AppFilesFilter


@pytest.mark.parametrize(
    ("relative", "change"),
    [
        ("pytest-cache-files-k2x9q1", Change.deleted),  # pytest's temporary folder, already renamed away
        ("pytest-cache-files-k2x9q1", Change.added),
        ("pytest-cache-files-k2x9q1/v/cache/nodeids", Change.added),
        (".pytest_cache", Change.deleted),
        (".pytest_cache/v/cache/lastfailed", Change.modified),
        (".mypy_cache/3.12/app.data.json", Change.modified),
        (".ruff_cache/0.8.0/123", Change.added),
        ("tests/__pycache__", Change.deleted),
        ("tests/__pycache__/test_app.cpython-312-pytest-8.3.4.pyc", Change.added),
        (".git/objects/ab/cdef", Change.added),
        (".git", Change.modified),  # a worktree's .git file
        (".app.py.swp", Change.added),
        (".app.py.swx", Change.deleted),
        ("app.py~", Change.added),
        (".#app.py", Change.added),  # emacs' lock link
    ],
)
def test_tool_folders_and_editor_files_never_count(tmp_path: Path, relative: str, change: Change):
    assert AppFilesFilter(tmp_path)(change, str(tmp_path / relative)) is False


def test_running_the_apps_tests_while_it_is_served_does_not_restart_its_workers(tmp_path: Path):
    app = tmp_path / "served_and_tested"
    assert run_viktorlite("new", app, "--type", "editor").returncode == 0
    with Served(app) as served:

        def reloads() -> list[str]:
            return [line for line in served.text().splitlines() if "restarting the workers" in line]

        def reloads_after_writing(name: str) -> bool:
            (app / name).write_text("x")  # again on every check, until the watcher is up
            return any(name in line for line in reloads())

        wait_until(lambda: reloads_after_writing("primer.txt"), HANG, "the watcher to see a change")
        before = len(reloads())
        tested = run_viktorlite("test", app, timeout=HANG)
        assert tested.returncode == 0, tested.stdout + tested.stderr
        # The watcher reports in order: once a later write is announced, the test run's writes were seen.
        wait_until(lambda: reloads_after_writing("later.txt"), HANG, "a later reload")
        during = reloads()[before:]
        # (primer.txt may be announced again: it was written until the watcher was up)
        assert all("later.txt" in line or "primer.txt" in line for line in during), during
