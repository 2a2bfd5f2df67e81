"""The Python an app's environment is made with: the ``python_version`` of its ``viktor.config.toml``.

The platform publishes an app with the Python that key names ("3.11"), so an app's pins are those
that have wheels for it (pandas 1.5.3 has none for 3.12). ``viktorlite install`` looks for that
interpreter on this machine: this one when it is that version, then ``python3.X`` on PATH, then
pyenv's versions folder, then ``uv python find``. Every candidate is run once to check its version
(a pyenv shim on PATH may name a version it cannot run). When none is found, the environment is
made with the running Python and install says so: a missing interpreter never fails an install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from viktorlite.app.config_file import AppConfigError, read_toml

_VERSION = re.compile(r"^\s*(\d+)\.(\d+)(?:\.\d+)?\s*$")
_PATCH_DIR = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")  # pyenv's 3.12.1; not 3.12-dev nor 3.13.0t


@dataclass(frozen=True)
class EnvPython:
    """The interpreter to make the environment with, and what the app asked for (a warning if not met)."""

    path: str
    version: str  # "3.11"
    wanted: str | None  # the app's python_version; None: it names none
    warning: str | None = None

    def describe(self) -> str:
        asked = f" (python_version {self.wanted} of viktor.config.toml)" if self.wanted and not self.warning else ""
        return f"Python {self.version}{asked}"


def running_version() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def wanted_version(app_dir: Path) -> tuple[str | None, str | None]:
    """The app's ``python_version`` as ``"3.X"`` and, for a value that is not one, why it is ignored."""
    try:
        value = read_toml(app_dir / "viktor.config.toml").get("python_version")
    except (OSError, AppConfigError):
        return None, None  # read_config says what is wrong with the file
    if value is None:
        return None, None
    match = _VERSION.match(value) if isinstance(value, str) else None
    if match is None:
        return None, f'python_version {value!r} of viktor.config.toml is not a version such as "3.11"'
    return f"{match.group(1)}.{match.group(2)}", None


def version_of(python: str | Path) -> str | None:
    """``"3.X"`` of the interpreter ``python`` as it reports itself; None when it cannot run."""
    try:
        done = subprocess.run(
            [str(python), "-I", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _pyenv_root() -> Path | None:
    if root := os.environ.get("PYENV_ROOT"):
        return Path(root)
    pyenv = shutil.which("pyenv")
    if pyenv:
        try:
            done = subprocess.run([pyenv, "root"], capture_output=True, text=True, timeout=30, check=False)
        except (OSError, subprocess.SubprocessError):
            done = None
        if done and done.returncode == 0 and done.stdout.strip():
            return Path(done.stdout.strip())
    home = Path.home() / ".pyenv"
    return home if home.is_dir() else None


def _pyenv_pythons(version: str) -> list[Path]:
    """pyenv's ``versions/3.X.N/bin/python3.X``, the newest patch release first."""
    root = _pyenv_root()
    if root is None or not (root / "versions").is_dir():
        return []
    found = []
    for entry in (root / "versions").iterdir():
        match = _PATCH_DIR.match(entry.name)
        if match and f"{match.group(1)}.{match.group(2)}" == version:
            found.append((int(match.group(3)), entry / "bin" / f"python{version}"))
    return [path for _, path in sorted(found, reverse=True)]


def _uv_python(version: str) -> list[str]:
    uv = shutil.which("uv")
    if uv is None:
        return []
    try:
        done = subprocess.run(
            [uv, "python", "find", "--no-project", version], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return [done.stdout.strip()] if done.returncode == 0 and done.stdout.strip() else []


def candidates(version: str) -> Iterator[str]:
    """Where an interpreter of ``version`` may be, in the order they are tried."""
    on_path = shutil.which(f"python{version}")
    if on_path:
        yield on_path
    for path in _pyenv_pythons(version):
        if path.is_file():
            yield str(path)
    yield from _uv_python(version)


def find_python(version: str) -> str | None:
    """An interpreter of ``version`` ("3.11") on this machine that runs; None when there is none."""
    for candidate in candidates(version):
        if version_of(candidate) == version:
            return candidate
    return None


def env_python(app_dir: Path) -> EnvPython:
    """The interpreter to make the app's environment with (never fails: the running one at worst)."""
    running = running_version()
    wanted, problem = wanted_version(app_dir)
    if wanted is None or wanted == running:
        return EnvPython(sys.executable, running, wanted, _fallback(problem, running) if problem else None)
    found = find_python(wanted)
    if found is not None:
        return EnvPython(found, wanted, wanted)
    where = f"python{wanted} on PATH, pyenv's versions" + (", uv python find" if shutil.which("uv") else "")
    why = f"viktor.config.toml asks for python_version {wanted}, which is not on this machine (looked for {where})"
    return EnvPython(sys.executable, running, wanted, _fallback(why, running))


def _fallback(why: str, running: str) -> str:
    return f"{why}: the environment uses Python {running} ({sys.executable}), the one running viktorlite"
