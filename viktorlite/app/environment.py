"""An app's own Python environment, so apps that pin conflicting packages can each run.

``viktorlite install APP_DIR`` builds ``APP_DIR/.viktorlite/env`` with the Python the app's
``viktor.config.toml`` names (``python_version``; :mod:`viktorlite.app.environment_python`), or the
running one when that is not on this machine (said as a warning), in three steps:

0. for an app whose SDK pin dates it (:mod:`viktorlite.app.environment_date`), a dry run finds the
   versions its requirements had as of that date, which step 1 then holds them to
   (:mod:`viktorlite.app.environment_dated`); the worker runtime is not dated;
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
A ``viktor`` line in requirements.txt is left out: inside viktorlite, ``import viktor`` is ours;
only its date counts.
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
from datetime import datetime
from importlib import metadata
from pathlib import Path

import viktorlite
from viktorlite.app.environment_dated import DatedPins, DatedResolveError, day, resolve_as_of
from viktorlite.app.environment_packages import (
    DATED_WITH_THE_APP,
    WORKER_REQUIREMENTS,
    Feature,
    blob_store_requirements,
    features_used,
    sdk_dependencies_used,
)
from viktorlite.app.environment_pip import outer_pip, run_pip, supports_dates
from viktorlite.app.environment_python import EnvPython, env_python, running_version
from viktorlite.app.environment_sources import PipSources
from viktorlite.app.install_progress import InstallProgress
from viktorlite.app.pip_conflict import conflict_lines, explain
from viktorlite.app.requirements_file import app_requirements, app_requirements_file
from viktorlite.store.blob_objects import blob_url

__all__ = ["AppEnvError", "AppPython", "app_python", "app_requirements", "build_env", "env_dir", "worker_python"]

log = logging.getLogger(__name__)
ENV_DIR = Path(".viktorlite") / "env"
#: Written into the environment once everything succeeded: an environment without it is incomplete.
READY_FILE = "viktorlite-ready.json"
#: The date the environment's packages were (or are being) resolved as of; empty: today's releases.
DATE_FILE = "viktorlite-as-of.txt"
#: Set for a worker re-executed with the app's interpreter, so it never re-executes again.
SWITCHED_MARK = "VIKTORLITE_APP_ENV"
#: What a worker imports before it loads the app: importing it proves the environment can run one.
WORKER_MODULES = "import viktorlite.workers.worker_process, viktorlite.workers.execute, viktorlite.sdk"


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


def env_version(target: Path) -> str | None:
    """``"3.X"`` of the environment in ``target`` (its pyvenv.cfg); None when it has none."""
    try:
        lines = (target / "pyvenv.cfg").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            return ".".join(value.strip().split(".")[:2])
    return None


def _site_packages(target: Path) -> Path:
    """The environment's site-packages: its Python's version, which need not be this one's."""
    version = env_version(target) or running_version()
    base = {"base": str(target), "platbase": str(target), "py_version_short": version}
    return Path(sysconfig.get_path("purelib", "venv", vars=base))


def _create(target: Path, chosen: EnvPython, progress: InstallProgress) -> None:
    """Make a new environment in ``target`` with ``chosen``'s interpreter (this one's: :mod:`venv` here)."""
    if chosen.path != sys.executable:
        command = [chosen.path, "-m", "venv", "--clear", "--symlinks", *(["--without-pip"] if outer_pip() else [])]
        done = subprocess.run([*command, str(target)], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return
        last = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        progress.warn(f"{chosen.path} -m venv failed ({last}): the environment uses {sys.executable}")
    venv.EnvBuilder(with_pip=not outer_pip(), clear=True, symlinks=True).create(target)


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
    code, output = run_pip(python, [*base, *dict.fromkeys(wanted)], progress, cwd)
    if code == 0:
        return {}
    left_out = {}
    for feature in features:  # together they do not fit: add each feature that fits on its own
        code, output = run_pip(python, [*base, *feature.requirements()], progress, cwd)
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


def _recorded_date(target: Path) -> str | None:
    """The date the environment's last install (finished or not) resolved as of; None: today's."""
    try:
        return (target / DATE_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _dated_pins(
    python: Path,
    as_of: datetime,
    app_file: Path,
    requirements: list[str],
    sources: PipSources,
    progress: InstallProgress,
    app_dir: Path,
) -> DatedPins | None:
    """The versions of the app's requirements as of ``as_of``; None (said why) when there are none."""
    datable = sources.datable()
    problem = None
    if not datable:
        local = ", ".join(sources.undatable()) or "none"
        problem = f"no package index that states upload times is configured (only {local})"
    elif not supports_dates(python):
        problem = "this pip has no --uploaded-prior-to (pip 25.3 and later have it)"
    if problem:
        progress.warn(f"{problem}: resolving with today's releases")
        progress.steps -= 1
        return None
    skipped = sources.undatable()
    progress.step(
        f"finding the versions of the app's requirements as of {day(as_of)} on {', '.join(datable)}"
        + (f" (left out, as they give no upload times: {', '.join(skipped)})" if skipped else "")
    )
    extra = [*DATED_WITH_THE_APP, *sdk_dependencies_used(app_dir)]
    try:
        pins = resolve_as_of(
            python,
            as_of,
            app_lines=[line for line in app_file.read_text(encoding="utf-8").splitlines() if line.strip()],
            app_file=app_file,
            extra=extra,
            sources=sources,
            progress=progress,
            cwd=app_dir,
        )
    except DatedResolveError as exc:
        progress.warn(f"{exc}: resolving with today's releases")
        return None
    progress.note(f"as of {day(as_of)}: {pins.describe([*requirements, *extra])}")
    for line in pins.undated_pins:
        progress.note(f"{line} is younger than {day(as_of)}: kept as pinned")
    return pins


def build_env(
    app_dir: Path,
    progress: InstallProgress | None = None,
    *,
    as_of: datetime | None = None,
    sources: PipSources | None = None,
) -> Path:
    """Create (or update) the app's environment and return its interpreter.

    ``as_of``: resolve the app's requirements as of that moment (:mod:`viktorlite.app.environment_dated`),
    from the datable ones of ``sources``; None: today's releases. An environment resolved as of
    another date is made anew (pip would keep versions that satisfy the requirements).
    Until every step has succeeded the environment is not marked ready, so nothing runs the app in
    a half-built one; one this call created is removed again when a step fails.
    """
    progress = progress or InstallProgress(steps=5 if as_of else 4)
    target = env_dir(app_dir)
    python = target / "bin" / "python"
    chosen = env_python(app_dir)
    if chosen.warning:
        progress.warn(chosen.warning)
    wanted_date = as_of.isoformat() if as_of else None
    recorded = _recorded_date(target) if python.is_file() else wanted_date
    had = env_version(target) if python.is_file() else chosen.version
    created = not python.is_file() or recorded != wanted_date or had != chosen.version
    if created:
        was = f"as of {day(datetime.fromisoformat(recorded))}" if recorded else "with the releases of its day"
        anew = ""
        if python.is_file():
            anew = f" anew (it was resolved {was})" if recorded != wanted_date else f" anew (it had Python {had})"
        progress.step(f"creating the environment in {target} with {chosen.describe()}{anew}")
        _create(target, chosen, progress)
    else:
        progress.step(f"updating the environment in {target} (Python {had})")
    (target / READY_FILE).unlink(missing_ok=True)
    (target / DATE_FILE).write_text(wanted_date or "", encoding="utf-8")
    requirements = app_requirements(app_dir)
    app_file = app_requirements_file(app_dir, target / "app-requirements.txt")
    imported = sdk_dependencies_used(app_dir)
    runtime = [*WORKER_REQUIREMENTS, *imported, *blob_store_requirements(blob_url())]
    pins = None
    if as_of is not None:
        pins = _dated_pins(python, as_of, app_file, requirements, sources or PipSources(), progress, app_dir)
    progress.step(f"installing {len(requirements)} requirement(s) of the app with viktorlite's worker runtime")
    while True:
        dated = ["-c", str(pins.write(target / "dated-constraints.txt"))] if pins else []
        code, output = run_pip(python, ["-r", str(app_file), *runtime, *dated], progress, app_dir)
        if pins is None or code == 0 or not (lifted := pins.lift(output)):
            break
        progress.note(f"the worker runtime needs newer {', '.join(lifted)} than as of {day(pins.when)}: not held back")
    if code != 0:
        progress.show_pip_output()
        reason = explain(output, requirements, runtime) or f"exit {code}, see pip's output above"
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
        "worker_requirements": runtime,
        "python_version": env_version(target),
        "resolved_as_of": pins.when.isoformat() if pins else None,
        "dated_versions": dict(sorted(pins.versions.items())) if pins else {},
        "not_held_back": pins.lifted if pins else {},
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
