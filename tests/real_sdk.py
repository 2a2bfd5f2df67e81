"""The real VIKTOR SDK from the package registry, in throwaway environments, for differential tests.

Each version gets its own virtual environment under ``build/real-sdk/`` (kept between runs: it
takes a minute to make). A file lock makes parallel test processes share one install.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
import venv
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: The newest 14.x (the namespace apps are written against) and the last 13.x (for legacy names).
LATEST_14 = "14.36.2"
LAST_13 = "13.8.0"
SURFACE_TOOL = ROOT / "tools" / "sdk_surface.py"


def real_sdk_python(version: str) -> Path:
    """The interpreter of an environment in which ``import viktor`` is the real SDK ``version``."""
    home = ROOT / "build" / "real-sdk" / f"viktor-{version}"
    python = home / "bin" / "python"
    ready = home / ".ready"
    home.parent.mkdir(parents=True, exist_ok=True)
    with open(home.parent / f"viktor-{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ready.exists():
            venv.create(home, with_pip=True, clear=True)
            pip = subprocess.run(
                [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"viktor=={version}"],
                capture_output=True,
                text=True,
            )
            assert pip.returncode == 0, f"pip could not install viktor=={version}:\n{pip.stderr}"
            ready.touch()
    return python


def _dump(python: Path | str, *args: str) -> dict[str, Any]:
    completed = subprocess.run(
        [str(python), str(SURFACE_TOOL), *args], capture_output=True, text=True, check=False, cwd=ROOT / "build"
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


@cache
def real_surface(version: str) -> dict[str, Any]:
    return _dump(real_sdk_python(version))


@cache
def our_surface() -> dict[str, Any]:
    return _dump(sys.executable, "--viktorlite")
