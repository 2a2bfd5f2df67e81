"""Running pip for an app's environment: this installation's pip, aimed at the environment's Python.

This installation's pip does the work (``pip --python``), so the environment needs no pip of its own
and creating it takes no ``ensurepip``; without a usable one, the environment's own pip.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from viktorlite.app.install_progress import InstallProgress

#: pip's options for every run: no byte-compiling (workers compile what they import, once), no noise.
PIP_OPTIONS = ["--disable-pip-version-check", "--no-compile", "--progress-bar", "off", "--no-input"]


def outer_pip() -> bool:
    """This interpreter has a pip that can install into another (``pip --python``, pip >= 22.3)."""
    if importlib.util.find_spec("pip") is None:
        return False
    try:
        major, minor = (int(part) for part in metadata.version("pip").split(".")[:2])
    except (metadata.PackageNotFoundError, ValueError):
        return False
    return (major, minor) >= (22, 3)


def pip_command(python: Path) -> list[str]:
    """The command that runs pip for the environment of ``python`` (before pip's subcommand)."""
    return [sys.executable, "-m", "pip", "--python", str(python)] if outer_pip() else [str(python), "-m", "pip"]


def run_pip(
    python: Path, args: list[str], progress: InstallProgress, cwd: Path, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run ``pip install`` for the environment of ``python``; returns its exit code and everything it said."""
    output: list[str] = []
    with subprocess.Popen(
        [*pip_command(python), "install", *PIP_OPTIONS, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=cwd,
        env=env,
    ) as pip:
        assert pip.stdout is not None
        for line in pip.stdout:
            output.append(line)
            progress.pip_line(line)
    return pip.returncode, "".join(output)


def supports_dates(python: Path) -> bool:
    """The pip that installs has ``--uploaded-prior-to`` (pip 25.3 and later)."""
    try:
        done = subprocess.run(
            [*pip_command(python), "install", "--help"],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "--uploaded-prior-to" in done.stdout
