"""An app's own Python environment, so apps that pin conflicting packages can each run.

``viktorlite install APP_DIR`` builds ``APP_DIR/.viktorlite/env`` in three steps:

1. one pip run resolves the app's ``requirements.txt`` together with the worker runtime
   (:data:`~viktorlite.app.environment_packages.WORKER_REQUIREMENTS`, wide ranges): the app's pins win
   wherever viktorlite does not truly need a version; a real clash names both requirements;
2. a second pip run adds the libraries of the SDK features the app's code uses (GeometryView's
   trimesh, the document engines, pytest), constrained to what step 1 installed, so it never moves
   one of the app's packages; a feature that cannot be added is left out and says so when used;
3. viktorlite itself is linked, not copied, from the installation running ``install``: workers
   and the web process run the same viktorlite code, and no wheel has to be built.

``serve``, ``check``, ``test``, ``replay`` and ``viktorlite worker`` then run the app's code with
that environment's interpreter (:func:`app_python`) and say so; the web process never imports app
code, so it stays in viktorlite's own. An app without an environment runs in viktorlite's own
(said too); an environment that exists but is incomplete is an error, never a silent fallback.
A ``viktor`` line in requirements.txt is left out: inside viktorlite, ``import viktor`` is ours.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import pkgutil
import shutil
import subprocess
import sys
import sysconfig
import venv
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import viktorlite
from viktorlite.app.environment_packages import WORKER_REQUIREMENTS, Feature, features_used
from viktorlite.app.install_progress import InstallProgress
from viktorlite.app.pip_conflict import conflict_lines, explain
from viktorlite.app.requirements_file import app_requirements, app_requirements_file

__all__ = ["AppEnvError", "AppPython", "app_python", "app_requirements", "build_env", "env_dir", "worker_python"]

log = logging.getLogger(__name__)
ENV_DIR = Path(".viktorlite") / "env"
#: Written into the environment once everything succeeded: an environment without it is incomplete.
READY_FILE = "viktorlite-ready.json"
#: Set for a worker re-executed with the app's interpreter, so it never re-executes again.
SWITCHED_MARK = "VIKTORLITE_APP_ENV"
#: What a worker imports before it loads the app: importing it proves the environment can run one.
WORKER_MODULES = "import viktorlite.workers.worker_process, viktorlite.workers.execute, viktorlite.sdk"
#: pip's options for every run: no byte-compiling (workers compile what they import, once), no noise.
PIP_OPTIONS = ["--disable-pip-version-check", "--no-compile", "--progress-bar", "off", "--no-input"]


class AppEnvError(Exception):
    """The environment could not be built or used; the message says which step failed and why."""


def env_dir(app_dir: Path) -> Path:
    return app_dir / ENV_DIR


@dataclass(frozen=True)
class AppPython:
    """The interpreter an app's code runs with, and whose environment it is."""

    path: str
    own_env: bool

    def describe(self) -> str:
        if self.own_env:
            return f"{self.path} (the app's own environment, from `viktorlite install`)"
        return f"{self.path} (viktorlite's own environment: the app has none; `viktorlite install` makes one)"


def _incomplete(app_dir: Path, why: str) -> AppEnvError:
    return AppEnvError(
        f"the app's environment {env_dir(app_dir)} is incomplete: {why}. Run `viktorlite install {app_dir}` "
        f"again, or delete {env_dir(app_dir)} to run the app in viktorlite's own environment"
    )


def app_python(app_dir: Path) -> AppPython:
    """The interpreter for the app's code: its own environment's when it has one, else this one's.

    Raises :class:`AppEnvError` for an environment that exists but cannot be used (an install that
    failed or never finished, a removed interpreter, a viktorlite that moved): running the app with
    other packages than it pinned would fail later and more obscurely.
    """
    target = env_dir(app_dir)
    if not target.exists():
        return AppPython(sys.executable, own_env=False)
    try:
        ready = json.loads((target / READY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise _incomplete(app_dir, "`viktorlite install` did not finish there") from None
    python = target / "bin" / "python"
    if not (python.is_file() and os.access(python, os.X_OK)):
        raise _incomplete(app_dir, f"its interpreter {python} is missing (was the Python it was made from removed?)")
    linked = ready.get("viktorlite_link")
    if linked and not (_site_packages(target) / "viktorlite" / "__init__.py").is_file():
        raise _incomplete(app_dir, f"it links viktorlite from {linked}, which is gone")
    if ready.get("requirements") != app_requirements(app_dir):
        log.warning("requirements.txt changed since `viktorlite install %s`: run it again", app_dir)
    return AppPython(str(python), own_env=True)


def worker_python(app_dir: Path) -> str | None:
    """The interpreter of the app's own environment; None when it has none (AppEnvError when broken)."""
    found = app_python(app_dir)
    return found.path if found.own_env else None


def python_for(app_dir: Path) -> str:
    """The interpreter the app's code runs with: its own environment's, or this one's."""
    return app_python(app_dir).path


def _site_packages(target: Path) -> Path:
    return Path(sysconfig.get_path("purelib", "venv", vars={"base": str(target), "platbase": str(target)}))


def _outer_pip() -> bool:
    """This interpreter has a pip that can install into another (``pip --python``, pip >= 22.3)."""
    if importlib.util.find_spec("pip") is None:
        return False
    try:
        major, minor = (int(part) for part in metadata.version("pip").split(".")[:2])
    except (metadata.PackageNotFoundError, ValueError):
        return False
    return (major, minor) >= (22, 3)


def _pip(python: Path, args: list[str], progress: InstallProgress, cwd: Path) -> tuple[int, str]:
    """Run pip for the environment of ``python``; returns its exit code and everything it said.

    This installation's pip does the work (``--python``), so the environment needs no pip of its
    own and creating it takes no ``ensurepip``; without a usable one, the environment's own pip.
    """
    runner = [sys.executable, "-m", "pip", "--python", str(python)] if _outer_pip() else [str(python), "-m", "pip"]
    output: list[str] = []
    with subprocess.Popen(
        [*runner, "install", *PIP_OPTIONS, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=cwd,
    ) as pip:
        assert pip.stdout is not None
        for line in pip.stdout:
            output.append(line)
            progress.pip_line(line)
    return pip.returncode, "".join(output)


def _installed(site: Path) -> dict[str, str]:
    """Every distribution in ``site`` with its version (what step 1 chose, frozen for step 2)."""
    found = {}
    for distribution in metadata.distributions(path=[str(site)]):
        name = distribution.metadata["Name"]
        if name and name.lower() != "viktorlite":
            found[name] = distribution.version
    return found


def _add_features(
    python: Path, site: Path, features: list[Feature], progress: InstallProgress, cwd: Path
) -> dict[str, str]:
    """Install the features' libraries without moving any installed package; returns the features left out."""
    constraints = python.parent.parent / "viktorlite-constraints.txt"
    constraints.write_text("".join(f"{n}=={v}\n" for n, v in sorted(_installed(site).items())), encoding="utf-8")
    base = ["--only-binary", ":all:", "-c", str(constraints)]  # never build an old sdist for a feature
    wanted = [r for f in features for r in f.requirements()]
    code, output = _pip(python, [*base, *dict.fromkeys(wanted)], progress, cwd)
    if code == 0:
        return {}
    left_out = {}
    for feature in features:  # together they do not fit: add each feature that fits on its own
        code, output = _pip(python, [*base, *feature.requirements()], progress, cwd)
        if code != 0:
            why = "; ".join(conflict_lines(output) or output.strip().splitlines()[-1:])
            left_out[feature.name] = f"{', '.join(feature.requirements())} do not fit the app's pins ({why})"
    return left_out


def _viktorlite_package() -> tuple[Path, dict[str, Path]]:
    """Where this viktorlite's package lives, and its subpackages that live elsewhere (a source tree)."""
    package = Path(viktorlite.__file__).parent
    elsewhere = {}
    # web and workers come from their own folders in a source tree (pyproject's package-dir), where an
    # editable install's finder maps them and iter_modules does not list them.
    subpackages = {info.name for info in pkgutil.iter_modules(viktorlite.__path__) if info.ispkg} | {"web", "workers"}
    for name in sorted(subpackages):
        spec = importlib.util.find_spec(f"viktorlite.{name}")
        location = Path(spec.submodule_search_locations[0]) if spec and spec.submodule_search_locations else None
        if location is not None and location.parent != package:
            elsewhere[name] = location
    return package, elsewhere


def _link_viktorlite(site: Path) -> Path:
    """Make ``import viktorlite`` in the environment find this installation's files; returns their folder.

    A plain install (or a strict editable one) has one self-contained package folder: one symlink.
    A source tree maps subpackages from other folders: a folder of links then puts them together.
    A dist-info without RECORD lists viktorlite (with the worker runtime as its requirements) and
    makes pip refuse to uninstall it, which would delete the linked files.
    """
    package, elsewhere = _viktorlite_package()
    link = site / "viktorlite"
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.is_dir():
        shutil.rmtree(link)
    if not elsewhere:
        link.symlink_to(package, target_is_directory=True)
    else:
        link.mkdir()
        for entry in package.iterdir():
            if entry.name != "__pycache__" and entry.name not in elsewhere:
                (link / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
        for name, location in elsewhere.items():
            (link / name).symlink_to(location, target_is_directory=True)
    for old in site.glob("viktorlite-*.dist-info"):
        shutil.rmtree(old)
    info = site / f"viktorlite-{viktorlite.__version__}.dist-info"
    info.mkdir()
    requires = "".join(f"Requires-Dist: {line}\n" for line in WORKER_REQUIREMENTS)
    metadata_text = f"Metadata-Version: 2.1\nName: viktorlite\nVersion: {viktorlite.__version__}\n{requires}"
    (info / "METADATA").write_text(metadata_text, encoding="utf-8")
    (info / "INSTALLER").write_text("viktorlite install (linked)\n", encoding="utf-8")
    return package


def _remove(target: Path, created: bool) -> str:
    if created:
        shutil.rmtree(target, ignore_errors=True)
        return "it was removed"
    return "it is left unused until an install succeeds"


def build_env(app_dir: Path, progress: InstallProgress | None = None) -> Path:
    """Create (or update) the app's environment and return its interpreter.

    Until every step has succeeded the environment is not marked ready, so nothing runs the app in
    a half-built one; one this call created is removed again when a step fails.
    """
    progress = progress or InstallProgress(steps=4)
    target = env_dir(app_dir)
    python = target / "bin" / "python"
    created = not python.is_file()
    if created:
        progress.step(f"creating the environment in {target}")
        venv.EnvBuilder(with_pip=not _outer_pip(), clear=True, symlinks=True).create(target)
    else:
        progress.step(f"updating the environment in {target}")
    (target / READY_FILE).unlink(missing_ok=True)
    requirements = app_requirements(app_dir)
    progress.step(f"installing {len(requirements)} requirement(s) of the app with viktorlite's worker runtime")
    app_file = app_requirements_file(app_dir, target / "app-requirements.txt")
    code, output = _pip(python, ["-r", str(app_file), *WORKER_REQUIREMENTS], progress, app_dir)
    if code != 0:
        progress.show_pip_output()
        reason = explain(output, requirements, WORKER_REQUIREMENTS) or f"exit {code}, see pip's output above"
        raise AppEnvError(
            f"pip could not install the app's requirements ({', '.join(requirements) or 'none'}) with viktorlite's "
            f"worker runtime into {target}: {reason}; {_remove(target, created)}"
        )
    site = _site_packages(target)
    features = features_used(app_dir)
    names = ", ".join(f"{f.name} ({', '.join(f.requirements())})" for f in features)
    progress.step(f"adding what the features the app uses need: {names}" if features else "no feature libraries needed")
    left_out = _add_features(python, site, features, progress, app_dir) if features else {}
    for feature, reason in left_out.items():
        progress.note(f"left out {feature}: {reason}")
    progress.step("linking viktorlite into it and checking that a worker can start there")
    package = _link_viktorlite(site)
    check = subprocess.run(
        [str(python), "-P", "-c", WORKER_MODULES], cwd=target, capture_output=True, text=True, check=False
    )
    if check.returncode != 0:
        last = (check.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise AppEnvError(f"a worker cannot start in {target}: {last}; {_remove(target, created)}")
    ready = {
        "requirements": requirements,
        "worker_requirements": list(WORKER_REQUIREMENTS),
        "features": [f.name for f in features if f.name not in left_out],
        "left_out": left_out,
        "viktorlite_link": str(package),
    }
    (target / READY_FILE).write_text(json.dumps(ready, indent=2), encoding="utf-8")
    return python


def switch_to_app_env(app_dir: Path, worker_args: list[str]) -> None:
    """Re-execute this worker with the app's own interpreter when it has one and this is not it.

    Returns only when nothing needs to change; :data:`SWITCHED_MARK` stops a second switch.
    Raises :class:`AppEnvError` when the app's environment exists but is incomplete.
    """
    found = app_python(app_dir)
    target = str(env_dir(app_dir).resolve())
    if not found.own_env:
        log.info("running the app with %s", found.describe())
        return
    if Path(sys.prefix).resolve() == Path(target) or os.environ.get(SWITCHED_MARK) == target:
        return
    os.environ[SWITCHED_MARK] = target
    log.info("running this worker with the app's environment: %s", found.path)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(found.path, [found.path, "-P", "-m", "viktorlite", "worker", *worker_args])
