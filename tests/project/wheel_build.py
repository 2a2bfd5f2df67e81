"""Building viktorlite's wheel as a user does: pip, from a clean copy of the files git tracks.

Shared by the tests of the wheel's contents (test_wheel.py) and of an install from it
(test_wheel_install.py), which use one wheel a session (tests/project/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: What a build reads: the packages, and the vendoring step a build runs (tools/vendor_build.py) with
#: its inputs; the rest of the repository (tests, docs, sample apps) never enters the wheel.
BUILD_INPUTS = [
    "pyproject.toml",
    "README.md",
    "MANIFEST.in",
    "package.json",
    "package-lock.json",
    "tools/vendor_build.py",
    "tools/vendor_frontend.sh",
    "viktorlite",
    "web",
    "workers",
]
VENDOR = ROOT / "web" / "static" / "vendor"


def tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", *BUILD_INPUTS], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [name for name in listed.decode().split("\0") if name]


def clean_copy(target: Path) -> None:
    """The build inputs as a fresh clone has them: tracked files only (links kept), nothing vendored."""
    for name in tracked_files():
        source, copied = ROOT / name, target / name
        copied.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copied.symlink_to(os.readlink(source))
        elif source.exists():  # a file deleted in the worktree but not yet in the index
            shutil.copy2(source, copied)


def _untraced() -> dict[str, str]:
    """This environment without coverage's variables: the build runs no viktorlite code, tracing only slows it."""
    return {key: value for key, value in os.environ.items() if not key.startswith("COVERAGE_")}


def build_wheel(source: Path, dist: Path) -> Path:
    """``pip wheel`` of ``source`` into ``dist``; the build's whole output kept beside it (:func:`build_log`)."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--verbose", str(source), "-w", str(dist)],
        capture_output=True,
        text=True,
        timeout=600,
        env=_untraced(),
    )
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "build.log").write_text(built.stdout + built.stderr)
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = dist.glob("viktorlite-*.whl")
    return found


def build_log(wheel: Path) -> str:
    """What the backend printed while building ``wheel`` (pip --verbose shows it all)."""
    return (wheel.parent / "build.log").read_text()
