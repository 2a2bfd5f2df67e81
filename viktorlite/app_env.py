"""An app's own Python environment, so apps that pin conflicting packages can each run.

``viktorlite install APP_DIR`` builds ``APP_DIR/.viktorlite/env``: a virtual environment with the
app's ``requirements.txt`` and viktorlite resolved together by pip (a conflict is pip's error,
shown as is). ``serve``, ``check`` and ``viktorlite worker`` then run the app's workers with that
environment's interpreter; the web process never imports app code, so it stays in its own.
A ``viktor`` line in requirements.txt is left out: inside viktorlite, ``import viktor`` is ours.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

from .install_progress import InstallProgress

log = logging.getLogger(__name__)
ENV_DIR = Path(".viktorlite") / "env"
#: Written into the environment once pip succeeded: an environment without it is never used.
READY_FILE = "viktorlite-ready.json"
#: Set for a worker re-executed with the app's interpreter, so it never re-executes again.
SWITCHED_MARK = "VIKTORLITE_APP_ENV"
#: Requirement lines naming the SDK itself (``viktor``, ``viktor==14.2``, ``viktor[x] >= 13``).
_SDK_LINE = re.compile(r"^\s*viktor\s*(\[[^\]]*\])?\s*(([=<>!~]=?|===).*)?(;.*)?$", re.IGNORECASE)


class AppEnvError(Exception):
    """The environment could not be built; the message says which step failed and why."""


def env_dir(app_dir: Path) -> Path:
    return app_dir / ENV_DIR


def worker_python(app_dir: Path) -> str | None:
    """The interpreter of the app's own environment, or None when ``viktorlite install`` never completed."""
    target = env_dir(app_dir)
    python = target / "bin" / "python"
    try:
        ready = json.loads((target / READY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        if target.exists():
            log.warning("%s is incomplete (its install failed): workers use viktorlite's own Python", target)
        return None
    if not python.is_file():
        return None
    if ready.get("requirements") != app_requirements(app_dir):
        log.warning("requirements.txt changed since `viktorlite install %s`: run it again", app_dir)
    return str(python)


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
    """Create (or update) the app's environment and return its interpreter.

    Until pip has succeeded the environment is not marked ready, so serve never runs workers in a
    half-built one; one this call created is removed again when pip fails.
    """
    progress = progress or InstallProgress()
    target = env_dir(app_dir)
    python = target / "bin" / "python"
    created = not python.is_file()
    if created:
        progress.step(f"creating the environment in {target}")
        venv.EnvBuilder(with_pip=True, clear=True).create(target)
    else:
        progress.step(f"using the environment in {target}")
    (target / READY_FILE).unlink(missing_ok=True)
    requirements = app_requirements(app_dir)
    progress.step(f"installing {len(requirements)} requirement(s) of the app and viktorlite with pip")
    # --no-compile: byte-compiling every installed module (pandas, matplotlib, plotly, ...) took more
    # than half of the install; workers compile just the modules they import, once, on first use.
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--no-compile"]
    command += ["--progress-bar", "off", *requirements, viktorlite_requirement()]
    command.append("pytest")  # `viktorlite test` runs the app's own tests with it
    with subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as pip:
        assert pip.stdout is not None
        for line in pip.stdout:
            progress.pip_line(line)
    if pip.returncode != 0:
        progress.show_pip_output()
        if created:
            shutil.rmtree(target, ignore_errors=True)
        left = "it was removed" if created else "it is left unused until an install succeeds"
        raise AppEnvError(
            f"pip could not install the app's requirements ({', '.join(requirements) or 'none'}) with viktorlite "
            f"into {target} (exit {pip.returncode}; see pip's output above); {left}"
        )
    ready = {"requirements": requirements, "viktorlite": viktorlite_requirement()}
    (target / READY_FILE).write_text(json.dumps(ready), encoding="utf-8")
    return python


def switch_to_app_env(app_dir: Path, worker_args: list[str]) -> None:
    """Re-execute this worker with the app's own interpreter when it has one and this is not it.

    Returns only when nothing needs to change; :data:`SWITCHED_MARK` stops a second switch.
    """
    python = worker_python(app_dir)
    target = str(env_dir(app_dir).resolve())
    if python is None or Path(sys.prefix).resolve() == Path(target) or os.environ.get(SWITCHED_MARK) == target:
        return
    os.environ[SWITCHED_MARK] = target
    log.info("running this worker with the app's environment: %s", python)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(python, [python, "-P", "-m", "viktorlite", "worker", *worker_args])


def python_for(app_dir: Path) -> str:
    """The interpreter the app's code runs with: its own environment's, or this one's."""
    return worker_python(app_dir) or sys.executable
