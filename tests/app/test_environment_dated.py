"""`viktorlite install` resolves an app's unpinned requirements as of the release of the viktor
version it pins, as the platform kept the libraries an app was built with; `--latest` gives today's.

tests/apps/dated_numpy pins viktor==14.0.0 (12 April 2023) and leaves numpy unpinned; its view uses
np.NaN and np.bool8, which numpy 2 removed. Real pip, the real package index (pypi.org's upload
times): the dated numpy wheel comes from pip's cache after the first run.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from support import APPS, copy_app, run_viktorlite
from viktorlite.app.environment import env_dir

DATED = APPS / "dated_numpy"


def install(app: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_viktorlite("install", app, *args, timeout=900, stdin=subprocess.DEVNULL)


def numpy_in_env(app: Path) -> str:
    python = env_dir(app) / "bin" / "python"
    done = subprocess.run([python, "-c", "import numpy; print(numpy.__version__)"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def check(app: Path, redis_url: str) -> tuple[int, dict]:
    done = run_viktorlite("check", app, "--json", "--redis-url", redis_url, timeout=300)
    rows = json.loads(done.stdout)
    assert len(rows) == 1, done.stdout + done.stderr
    return done.returncode, rows[0]


def test_an_app_pinning_an_old_sdk_gets_the_numpy_of_its_day_and_latest_gets_todays(tmp_path: Path, redis_url: str):
    app = copy_app(DATED, tmp_path)
    done = install(app)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == (
        "resolving as of 2023-04-12 (release of viktor 14.0.0, pinned in requirements.txt); --latest for today's"
    )
    assert "as of 2023-04-12: numpy 1.24." in done.stdout
    assert numpy_in_env(app).startswith("1.24.")
    code, row = check(app, redis_url)
    assert (code, row["status"]) == (0, "ok"), row

    done = install(app, "--latest")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == "resolving with today's releases (--latest)"
    assert "anew (it was resolved as of 2023-04-12)" in done.stdout  # pip would have kept numpy 1.24
    assert numpy_in_env(app).startswith("2.")
    code, row = check(app, redis_url)
    assert (code, row["status"]) == (1, "app error"), row
    assert "removed in the NumPy 2.0 release" in row["message"] or "bool8" in row["message"], row


def test_as_of_and_latest_exclude_each_other_and_a_wrong_date_is_a_usage_error(tmp_path: Path):
    app = copy_app(DATED, tmp_path)
    done = install(app, "--latest", "--as-of", "2023-03-01")
    assert done.returncode == 2 and "--latest and --as-of exclude each other" in done.stderr
    done = install(app, "--as-of", "March 2023")
    assert done.returncode == 2 and "is not a date (2023-03-01) or an ISO datetime" in done.stderr
    assert not env_dir(app).exists()
