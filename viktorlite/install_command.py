"""The ``viktorlite install`` command (registered in :mod:`viktorlite.cli`); the work is in
:mod:`viktorlite.app_env`."""

from __future__ import annotations

from pathlib import Path

import click

from .app_config import AppConfigError, read_config
from .app_env import AppEnvError, build_env


@click.command("install")
@click.argument("app_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def install_command(app_dir: Path) -> None:
    """Build APP_DIR/.viktorlite/env from the app's requirements.txt plus viktorlite.

    Afterwards serve, worker pools and check run the app's workers with that environment.
    """
    app_dir = app_dir.resolve()
    try:
        read_config(app_dir)
        python = build_env(app_dir)
    except (AppConfigError, AppEnvError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"the workers of {app_dir.name} will run with {python}")
