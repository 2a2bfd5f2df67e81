"""A wheel built from the repository's files holds every package and static asset, each once (issue 15, item 6).

``web/`` and ``workers/`` become ``viktorlite.web`` and ``viktorlite.workers`` through pyproject's
``package-dir``, while the links ``viktorlite/web`` and ``viktorlite/workers`` make them so in the
source tree: the wheel must hold their files under ``viktorlite/`` exactly once, with the front-end
libraries ``make vendor`` put in ``web/static/vendor/`` (three.js, Leaflet, pdf.js) and the templates
of ``viktorlite new``. A sub-package missing from pyproject's package list fails here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: What a build reads; the rest of the repository (tests, docs, sample apps) never enters the wheel.
BUILD_INPUTS = ["pyproject.toml", "README.md", "viktorlite", "web", "workers"]
VENDOR = ROOT / "web" / "static" / "vendor"
#: The front-end files the editor imports by these names (web/templates, web/static/js).
VENDOR_FILES = [
    "three/three.module.js",
    "three/three.core.js",
    "three/addons/controls/OrbitControls.js",
    "three/addons/loaders/GLTFLoader.js",
    "leaflet/leaflet-src.js",
    "leaflet/leaflet.css",
    "geoman/leaflet-geoman.js",
    "geoman/leaflet-geoman.css",
    "pmtiles/pmtiles.js",
    "pmtiles/fflate.js",
    "topojson/index.js",
    "world-atlas/countries-50m.json",
    "pdfjs/pdf.min.mjs",
    "pdfjs/pdf.worker.min.mjs",
]


def tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", *BUILD_INPUTS], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [name for name in listed.decode().split("\0") if name]


def clean_copy(target: Path) -> None:
    """The build inputs as a clone has them after ``make vendor``: tracked files (links kept), vendor files."""
    for name in tracked_files():
        source, copied = ROOT / name, target / name
        copied.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copied.symlink_to(os.readlink(source))
        elif source.exists():  # a file deleted in the worktree but not yet in the index
            shutil.copy2(source, copied)
    shutil.copytree(VENDOR, target / "web" / "static" / "vendor", dirs_exist_ok=True)


def in_wheel(name: str) -> str:
    """Where a repository file lands in the wheel."""
    return f"viktorlite/{name}" if name.startswith(("web/", "workers/")) else name


def expected_files() -> set[str]:
    """Where each file of the three package folders lands in the wheel (the links aside)."""
    tracked = [name for name in tracked_files() if name.split("/")[0] in ("viktorlite", "web", "workers")]
    files = {in_wheel(name) for name in tracked if not (ROOT / name).is_symlink() and (ROOT / name).exists()}
    vendored = (path for path in VENDOR.rglob("*") if path.is_file())
    return files | {in_wheel(path.relative_to(ROOT).as_posix()) for path in vendored}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built by pip, as a user builds one, from a clean copy of the build inputs."""
    assert (VENDOR / VENDOR_FILES[0]).exists(), "run `make vendor` first (`make setup` does)"
    work = tmp_path_factory.mktemp("wheel")
    clean_copy(work / "source")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", str(work / "source"), "-w", str(work / "dist")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = (work / "dist").glob("viktorlite-*.whl")
    return found


def test_the_wheel_holds_every_module_and_asset_once(wheel: Path):
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
