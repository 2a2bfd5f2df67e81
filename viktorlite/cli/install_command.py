"""The ``viktorlite install`` command (registered in :mod:`viktorlite.cli.main`); the work is in
:mod:`viktorlite.app.environment`."""

from __future__ import annotations

from pathlib import Path

import click

from viktorlite.app.config import AppConfigError, read_config
from viktorlite.app.environment import AppEnvError, build_env
from viktorlite.app.install_progress import InstallProgress


@click.command("install")
@click.argument("app_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def install_command(app_dir: Path) -> None:
    """Build APP_DIR/.viktorlite/env from the app's requirements.txt plus viktorlite's worker runtime.

    The app's pins win: the runtime's ranges are wide, and the libraries of SDK features the app's
    code uses (GeometryView's trimesh, the document engines, pytest) are added only where they fit.
    Afterwards serve, check, test and worker run the app's code with that environment.
    Shows its steps and pip's progress; when pip fails, pip's output, which requirements clash,
    and exit code 1.

    \b
    Examples:
      viktorlite install my_app
      viktorlite install my_app && viktorlite serve my_app
    """
    app_dir = app_dir.resolve()
    try:
        read_config(app_dir)
        progress = InstallProgress(steps=4)
        python = build_env(app_dir, progress)
    except (AppConfigError, AppEnvError) as exc:
        raise click.ClickException(str(exc)) from None
    progress.finish(f"done: the workers of {app_dir.name} will run with {python}")
