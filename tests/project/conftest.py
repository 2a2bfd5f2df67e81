"""One wheel a run for the packaging tests, built as from a fresh clone (its build vendors the front end)."""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

import pytest

from wheel_build import build_wheel, clean_copy


def _run_temp(config: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's own temporary folder: under xdist the parent of every worker's (``pytest-N/popen-gwK``)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if hasattr(config, "workerinput") else base


@pytest.fixture(scope="session")
def clean_checkout_wheel(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built by pip from the tracked files alone: no node_modules, no web/static/vendor.

    Built once a run: test_wheel.py and test_wheel_install.py may be on different xdist workers, and the
    first to ask builds it (a lock on the run's folder) while the other waits and takes the same wheel.
    """
    if shutil.which("npm") is None:
        pytest.skip("npm is not on PATH: the build vendors the front-end libraries with it (`make vendor` installs it)")
    work = _run_temp(request.config, tmp_path_factory) / "clean-checkout-wheel"
    work.mkdir(exist_ok=True)
    with open(work / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if the build fails
        built = sorted((work / "dist").glob("viktorlite-*.whl"))
        if built:
            return built[0]
        shutil.rmtree(work / "source", ignore_errors=True)  # a build that failed before (its error was reported)
        clean_copy(work / "source")
        assert not (work / "source" / "web" / "static" / "vendor" / "three").exists()
        return build_wheel(work / "source", work / "dist")
