"""The processes the tests start are measured by path, not by package: the same lines, less work each.

``make test`` measures coverage in every process the tests start (``patch = ["subprocess", "fork"]`` in
pyproject): serve, web, workers and each job's work horse, thousands in a run. With ``source_pkgs``,
coverage walks every file of viktorlite when each of them saves its data, to list the files it never
ran (resolving each path: about 30 ms a process, most of a forked work horse's cost). One process
listing them is enough: the test processes keep ``source_pkgs`` (so the report still shows a file no
test imports at 0 %), and the processes they start measure the same files, named by their folders
(``include``), without the walk. They also skip finding the standard library's folders (``cover_pylib``),
which coverage does again in every process and every forked horse (reading ``sysconfig`` for each install
scheme) and only uses to exclude files when no ``include`` is given.

And a started process starts coverage only when it first imports viktorlite (:data:`LAZY_PTH`): importing
and starting coverage costs a Python process about 0.1 s of CPU, paid before by every Python process the
tests start (pip, moto's S3 server, helper sleepers, ...) though only those that import viktorlite have
lines to measure. Such a process starts it before viktorlite's first line runs, so no line is lost.
A child it forks (a work horse) saves its own data only: coverage's ``_exit`` patch would also save
the parent's data from the child, a second file per horse repeating the lines the parent saves itself.
``VIKTORLITE_TEST_PLAIN_COVERAGE=1`` leaves coverage as configured.
"""

from __future__ import annotations

import base64
import json
import os
import site
import sysconfig
from pathlib import Path

import pytest

import viktorlite
import viktorlite.web
import viktorlite.workers

#: Where coverage (``patch = ["subprocess"]``) keeps the configuration a started process measures with.
VARIABLE = "COVERAGE_PROCESS_CONFIG"
#: Where the started processes find it instead: coverage's own ``.pth`` starts it at once, ours lazily.
LAZY_VARIABLE = "VIKTORLITE_TEST_COVERAGE_CONFIG"
LAZY_PTH_NAME = "viktorlite_test_lazy_coverage.pth"
#: A ``.pth`` line (run by ``site`` at every start of this venv's Python): while :data:`LAZY_VARIABLE` is
#: set, a finder first in ``sys.meta_path`` starts coverage with that configuration when ``viktorlite``
#: is first looked up (unless coverage already runs here, as in pytest's own processes), then gives the
#: variable on to the processes this one starts.
LAZY_CODE = f"""
import os, sys
if os.environ.get({LAZY_VARIABLE!r}):
    class _ViktorliteLazyCoverage:
        started = False
        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if not cls.started and name.partition(".")[0] == "viktorlite":
                cls.started = True
                config = os.environ.get({LAZY_VARIABLE!r})
                running = sys.modules.get("coverage")
                if config and not (running and running.Coverage.current()):
                    os.environ[{VARIABLE!r}] = config
                    import coverage
                    coverage.process_startup()
                    os.environ[{LAZY_VARIABLE!r}] = os.environ.pop({VARIABLE!r}, config)
                    cls.parent_data_stays_with_parent(coverage, coverage.Coverage.current())
            return None
        @classmethod
        def parent_data_stays_with_parent(cls, coverage, measuring):
            # After a fork, coverage starts the child's own measurement; its os._exit patch still saves
            # the parent's too, a second data file per child with the parent's lines (the parent saves
            # them itself). In the child, after coverage's own fork handler, the parent's stops saving.
            def in_child():
                current = coverage.Coverage.current()
                if measuring is not None and current is not measuring:
                    measuring.save = lambda: None
                    cls.parent_data_stays_with_parent(coverage, current)
            os.register_at_fork(after_in_child=in_child)
    sys.meta_path.insert(0, _ViktorliteLazyCoverage)
"""
LAZY_PTH = f"import sys; exec({LAZY_CODE!r})\n"


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
    if rewritten is None:
        return
    if os.environ.get("VIKTORLITE_TEST_EAGER_COVERAGE") == "1" or not install_lazy_pth():
        os.environ[VARIABLE] = rewritten
        return
    del os.environ[VARIABLE]
    os.environ[LAZY_VARIABLE] = rewritten


def install_lazy_pth() -> bool:
    """Put :data:`LAZY_PTH` beside coverage's own ``.pth`` (written whole, then renamed: xdist's workers
    all do it); False when that folder is not writable."""
    folder = Path(sysconfig.get_paths()["purelib"])
    if not folder.is_dir() or folder not in {Path(p) for p in site.getsitepackages()}:
        return False
    target = folder / LAZY_PTH_NAME
    try:
        if target.exists() and target.read_text() == LAZY_PTH:
            return True
        partial = folder / f".{LAZY_PTH_NAME}.{os.getpid()}"
        partial.write_text(LAZY_PTH)
        partial.replace(target)
    except OSError:
        return False
    return True
