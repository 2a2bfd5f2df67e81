"""The ``viktorlite test`` command (registered in :mod:`viktorlite.cli.main`): run an app's own test suite.

The VIKTOR CLI's ``test`` runs ``python -m unittest discover -s tests`` in the app's environment;
this runs pytest the same way (it collects ``unittest.TestCase`` classes too): with the app's
interpreter (:func:`viktorlite.app.environment.app_python`), in the app folder, which ``python -m`` puts
on ``sys.path`` so tests can ``import app``, and with ``import viktor`` aliased by
:mod:`viktorlite.app.pytest_plugin`. pytest's rootdir, conftest search and configuration are kept to
the app folder, so an app inside another project never picks up that project's tests or settings.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import click

#: Prints the modules the test run needs that the interpreter lacks.
_PROBE = "import importlib.util as u; print(' '.join(m for m in ('pytest', 'viktorlite') if not u.find_spec(m)))"


def own_pytest_config(app_dir: Path) -> Path | None:
    """The app's own pytest.ini, or its pyproject.toml when that has a [tool.pytest.ini_options] table."""
    for name in ("pytest.ini", ".pytest.ini"):
        if (app_dir / name).is_file():
            return app_dir / name
    pyproject = app_dir / "pyproject.toml"
    try:
        settings = tomllib.loads(pyproject.read_text(encoding="utf-8")) if pyproject.is_file() else {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return pyproject  # pytest then says what is wrong with it
    return pyproject if "ini_options" in settings.get("tool", {}).get("pytest", {}) else None


#: The settings of an app without its own pytest configuration: its cache out of the app's files.
DEFAULT_CONFIG = "[pytest]\ncache_dir = .viktorlite/pytest_cache\n"


def default_config(app_dir: Path) -> Path:
    """``.viktorlite/pytest.ini``: named as pytest's ``configfile:`` (``-c /dev/null`` read ``../../../dev/null``),
    and it keeps pytest's cache in viktorlite's folder, which hot reload and copies skip anyway."""
    path = app_dir / ".viktorlite" / "pytest.ini"
    path.parent.mkdir(exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != DEFAULT_CONFIG:
        path.write_text(DEFAULT_CONFIG, encoding="utf-8")
    return path


def pytest_command(python: str, app_dir: Path, pytest_args: tuple[str, ...]) -> list[str]:
    """The pytest invocation for the app; the user's arguments come last, so they win."""
    config = own_pytest_config(app_dir)
    command = [python, "-m", "pytest", "-p", "viktorlite.app.pytest_plugin"]
    command += ["--rootdir", str(app_dir), "--confcutdir", str(app_dir), "-c", str(config or default_config(app_dir))]
    if config is None and (app_dir / "tests").is_dir():
        command += ["-o", "testpaths=tests"]  # where viktor-cli test looks; else pytest searches the whole folder
    return [*command, *pytest_args]


def _missing_modules(python: str, app_dir: Path) -> list[str]:
    """Looked up from the app folder, as the test run will (``python -c`` puts the folder on sys.path)."""
    probe = subprocess.run([python, "-c", _PROBE], cwd=app_dir, capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        raise click.ClickException(f"{python} does not run: {probe.stderr.strip()}")
    return probe.stdout.split()


@click.command("test", context_settings={"ignore_unknown_options": True})
@click.argument("app_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
def test_command(app_dir: Path, pytest_args: tuple[str, ...]) -> None:
    """Run the tests of APP_DIR (its tests/ folder) with pytest, in the app's own environment.

    Tests written for the VIKTOR CLI's `test` (unittest, viktor.testing) run unchanged. Options
    after APP_DIR go to pytest; put `--` first to pass one viktorlite would take (e.g. --help).
    Exits with pytest's exit code (0 all passed, 1 some failed, 5 no tests found).

    \b
    Examples:
      viktorlite test my_app
      viktorlite test my_app -x -k properties
      viktorlite test my_app -- --help
    """
    from viktorlite.app.config import AppConfigError, read_config
    from viktorlite.app.environment import AppEnvError, app_python

    app_dir = app_dir.resolve()
    try:
        read_config(app_dir)
        found = app_python(app_dir)
    except (AppConfigError, AppEnvError) as exc:
        raise click.ClickException(str(exc)) from None
    python = found.path
    missing = _missing_modules(python, app_dir)
    if missing:
        fix = (
            f"run `viktorlite install {app_dir}` again: it adds pytest to the app's environment"
            if found.own_env
            else "install it here (pip install pytest), or build the app an environment with `viktorlite install`"
        )
        raise click.ClickException(f"{' and '.join(missing)} cannot be imported by {python}; {fix}")
    completed = subprocess.run(pytest_command(python, app_dir, pytest_args), cwd=app_dir, check=False)
    sys.exit(completed.returncode)
