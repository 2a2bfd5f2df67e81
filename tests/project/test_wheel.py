"""A wheel built from the repository's files holds every package and static asset, each once (issue 15, item 6).

``web/`` and ``workers/`` become ``viktorlite.web`` and ``viktorlite.workers`` through pyproject's
``package-dir``, while the links ``viktorlite/web`` and ``viktorlite/workers`` make them so in the
source tree: the wheel must hold their files under ``viktorlite/`` exactly once, with the front-end
libraries its build vendors into ``web/static/vendor/`` (three.js, Leaflet, pdf.js; the same files as
``make vendor``) and the templates of ``viktorlite new``. A sub-package left out of the build fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from viktorlite.web.vendor_assets import VENDOR_FILES  # the files serve refuses to start without
from wheel_build import ROOT, VENDOR, build_log, tracked_files


def in_wheel(name: str) -> str:
    """Where a repository file lands in the wheel."""
    return f"viktorlite/{name}" if name.startswith(("web/", "workers/")) else name


def expected_files() -> set[str]:
    """Where each file of the three package folders lands in the wheel (the links aside)."""
    tracked = [name for name in tracked_files() if name.split("/")[0] in ("viktorlite", "web", "workers")]
    files = {in_wheel(name) for name in tracked if not (ROOT / name).is_symlink() and (ROOT / name).exists()}
    vendored = (path for path in VENDOR.rglob("*") if path.is_file())
    return files | {in_wheel(path.relative_to(ROOT).as_posix()) for path in vendored}


@pytest.fixture
def wheel(clean_checkout_wheel: Path) -> Path:
    """The session's wheel, built by pip from the tracked files alone (its build vendors the front end)."""
    return clean_checkout_wheel


def test_the_wheel_holds_every_module_and_asset_once(wheel: Path):
    assert (VENDOR / VENDOR_FILES[0]).exists(), "run `make vendor` first (`make setup` does)"
    names = zipfile.ZipFile(wheel).namelist()
    assert len(names) == len(set(names)), "a file is in the wheel twice"
    packaged = {name for name in names if ".dist-info/" not in name}
    expected = expected_files()
    assert sorted(expected - packaged) == [], "files missing from the wheel"
    assert sorted(packaged - expected) == [], "files in the wheel that the repository does not have"
    assert {f"viktorlite/web/static/vendor/{name}" for name in VENDOR_FILES} <= packaged
    assert any(name.startswith("viktorlite/web/templates/") and name.endswith(".html") for name in packaged)
    assert any(name.startswith("viktorlite/cli/app_templates/") and name.endswith(".jinja") for name in packaged)
    assert "viktorlite/workers/runners/view.py" in packaged and "viktorlite/py.typed" in packaged


def test_the_unpacked_wheel_imports_the_web_process_and_the_workers(wheel: Path, tmp_path: Path):
    """Installed, the packages import from the wheel's files, not from a source tree."""
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(wheel).extractall(unpacked)
    code = (
        "import viktorlite.web.app, viktorlite.workers.execute, viktorlite.cli.main\n"
        "for module in (viktorlite.web.app, viktorlite.workers.execute, viktorlite.cli.main):\n"
        "    print(module.__file__)\n"
    )
    # Not measured by `make test`'s coverage (COVERAGE_PROCESS_CONFIG): a second copy of every module
    # would count as code the suite never ran.
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}, "PYTHONPATH": str(unpacked)}
    ran = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert all(line.startswith(str(unpacked)) for line in ran.stdout.split()), ran.stdout


def test_the_build_vendors_the_front_end_and_warns_of_nothing(wheel: Path):
    """Built from tracked files alone, the build ran the vendoring, and setuptools had no complaint.

    setuptools warned "Package would be ignored" for each data folder (templates, static, vendor)
    left out of the package list: 26 warnings of 40 lines each in every `make setup`.
    """
    log = build_log(wheel)
    assert "vendoring the front-end libraries" in log
    assert "would be ignored" not in log and "is absent from the `packages` configuration" not in log
    assert "Warning:" not in log, [line for line in log.splitlines() if "Warning:" in line]


def test_the_document_engines_are_the_documents_extra_of_the_wheel(wheel: Path):
    """``pip install viktorlite`` leaves the document engines out; ``viktorlite[documents]`` brings them (issue 19)."""
    archive = zipfile.ZipFile(wheel)
    (metadata,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
    requires = [line for line in archive.read(metadata).decode().splitlines() if line.startswith("Requires-Dist:")]
    documents = [line for line in requires if 'extra == "documents"' in line]
    assert sorted(line.split()[1].split(">=")[0] for line in documents) == sorted(
        ["docxtpl", "formulas", "openpyxl", "pypdf", "svglib"]
    )
    assert not [line for line in requires if "docxtpl" in line and "extra ==" not in line]
