"""The worker's log of an app that fails to load points at the user's file, not the worker's private copy."""

from __future__ import annotations

import re
from pathlib import Path

from support import APPS, HANG, Served, copy_app, wait_until


def test_the_start_up_traceback_names_the_users_app_file(tmp_path: Path):
    app_dir = copy_app(APPS / "broken", tmp_path)
    with Served(app_dir) as served:
        wait_until(lambda: "the app failed to load" in served.text(), HANG, "the worker's load error")
        wait_until(lambda: "Traceback" in served.text(), HANG, "its traceback")
        log = served.text()
    assert f'File "{app_dir / "app.py"}"' in log
    assert not re.search(r"\.viktorlite/workers/[^/]+/app/app\.py", log), log
