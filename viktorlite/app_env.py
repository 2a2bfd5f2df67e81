"""An app's own Python environment, so apps that pin conflicting packages can each run.

``viktorlite install APP_DIR`` builds ``APP_DIR/.viktorlite/env``: a virtual environment with the
app's ``requirements.txt`` and viktorlite resolved together by pip (a conflict is pip's error,
shown as is). ``serve``, ``worker`` pools and ``check`` then start the app's workers with that
environment's interpreter; the web process never imports app code, so it stays in its own.
A ``viktor`` line in requirements.txt is left out: inside viktorlite, ``import viktor`` is ours.
"""

from __future__ import annotations

import re
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

from .install_progress import InstallProgress

ENV_DIR = Path(".viktorlite") / "env"
#: Requirement lines naming the SDK itself (``viktor``, ``viktor==14.2``, ``viktor[x] >= 13``).
_SDK_LINE = re.compile(r"^\s*viktor\s*(\[[^\]]*\])?\s*(([=<>!~]=?|===).*)?(;.*)?$", re.IGNORECASE)


class AppEnvError(Exception):
    """The environment could not be built; the message says which step failed and why."""


def env_dir(app_dir: Path) -> Path:
    return app_dir / ENV_DIR


def worker_python(app_dir: Path) -> str | None:
    """The interpreter of the app's own environment, or None when ``viktorlite install`` never built one."""
    python = env_dir(app_dir) / "bin" / "python"
    return str(python) if python.is_file() else None


def app_requirements(app_dir: Path) -> list[str]:
    """The app's requirement lines, without comments, blanks and the ``viktor`` SDK itself."""
    path = app_dir / "requirements.txt"
    if not path.is_file():
        return []
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#") or _SDK_LINE.match(line):
            continue
        lines.append(line)
    return lines


def viktorlite_requirement() -> str:
    """What pip installs for viktorlite: this source tree when run from one, else the same released version."""
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and (root / "viktorlite" / "__init__.py").is_file():
        return str(root)
    return f"viktorlite=={metadata.version('viktorlite')}"


def build_env(app_dir: Path, progress: InstallProgress | None = None) -> Path:
    """Create (or update) the app's environment and return its interpreter."""
    progress = progress or InstallProgress()
    target = env_dir(app_dir)
    if (target / "bin" / "python").is_file():
        progress.step(f"using the environment in {target}")
    else:
        progress.step(f"creating the environment in {target}")
        venv.EnvBuilder(with_pip=True, clear=True).create(target)
    python = target / "bin" / "python"
    requirements = app_requirements(app_dir)
    progress.step(f"installing {len(requirements)} requirement(s) of the app and viktorlite with pip")
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off"]
    command += [*requirements, viktorlite_requirement()]
    with subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as pip:
        assert pip.stdout is not None
        for line in pip.stdout:
            progress.pip_line(line)
    if pip.returncode != 0:
        progress.show_pip_output()
        raise AppEnvError(
            f"pip could not install the app's requirements with viktorlite into {target} "
            f"(exit {pip.returncode}); see pip's output above"
        )
    return python


def python_for(app_dir: Path) -> str:
    """The interpreter workers of this app use: its own environment's, or this one's."""
    return worker_python(app_dir) or sys.executable
