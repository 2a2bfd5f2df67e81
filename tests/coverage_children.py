"""The processes the tests start are measured by path, not by package: the same lines, less work each.

``make test`` measures coverage in every process the tests start (``patch = ["subprocess", "fork"]`` in
pyproject): serve, web, workers and each job's work horse, thousands in a run. With ``source_pkgs``,
coverage walks every file of viktorlite when each of them saves its data, to list the files it never
ran (resolving each path: about 30 ms a process, most of a forked work horse's cost). One process
listing them is enough: the test processes keep ``source_pkgs`` (so the report still shows a file no
test imports at 0 %), and the processes they start measure the same files, named by their folders
(``include``), without the walk. They also skip finding the standard library's folders (``cover_pylib``),
which coverage does again in every process and every forked horse (reading ``sysconfig`` for each install
scheme) and only uses to exclude files when no ``include`` is given. ``VIKTORLITE_TEST_PLAIN_COVERAGE=1``
leaves coverage as configured.
"""

from __future__ import annotations

import base64
import json
import os

import pytest

import viktorlite
import viktorlite.web
import viktorlite.workers

#: Where coverage (``patch = ["subprocess"]``) keeps the configuration a started process measures with.
VARIABLE = "COVERAGE_PROCESS_CONFIG"


def measured_folders() -> list[str]:
    """The folders of the package ``source_pkgs`` names, links resolved as coverage sees the files."""
    folders = {
        os.path.realpath(folder)
        for package in (viktorlite, viktorlite.web, viktorlite.workers)
        for folder in package.__path__
    }
    return sorted(folders)


def by_path(serialized: str) -> str | None:
    """The started processes' configuration with ``source_pkgs = ["viktorlite"]`` turned into ``include``
    patterns of its folders, and ``cover_pylib`` on (with ``include`` it selects nothing, and it saves each
    process the search of the standard library); None when it is anything else (then it is left as it is)."""
    try:
        config = json.loads(base64.b64decode(serialized.encode()).decode())
    except ValueError:
        return None
    if config.get("source_pkgs") != ["viktorlite"] or config.get("source") or config.get("run_include"):
        return None
    config["source_pkgs"] = []
    config["run_include"] = [os.path.join(folder, "*") for folder in measured_folders()]
    config["cover_pylib"] = True
    return base64.b64encode(json.dumps(config).encode()).decode()


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """After pytest-cov started coverage in this process (its own ``pytest_sessionstart``)."""
    serialized = os.environ.get(VARIABLE)
    if serialized is None or os.environ.get("VIKTORLITE_TEST_PLAIN_COVERAGE") == "1":
        return
    rewritten = by_path(serialized)
    if rewritten is not None:
        os.environ[VARIABLE] = rewritten
