"""The ``viktorlite install`` command (registered in :mod:`viktorlite.cli.main`); the work is in
:mod:`viktorlite.app.environment`, the date its requirements resolve as of in
:mod:`viktorlite.app.environment_date`."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from viktorlite.cli.blob_url_option import BLOB_URL


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    from viktorlite.app.environment_date import parse_as_of

    if value is None:
        return None
    try:
        return parse_as_of(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("install")
@click.argument("app_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    callback=_as_of,
    help="Resolve the app's requirements as of DATE (2023-03-01: the end of that day, UTC; or an ISO "
    "datetime) instead of the release date of the viktor version requirements.txt pins.",
)
@click.option("--latest", is_flag=True, help="Resolve with today's releases, whatever viktor version the app pins.")
@BLOB_URL
def install_command(app_dir: Path, as_of: datetime | None, latest: bool) -> None:
    """Build APP_DIR/.viktorlite/env from the app's requirements.txt plus viktorlite's worker runtime.

    The app's requirements resolve as of the release date of the viktor version its
    requirements.txt pins (an app on viktor 14.0.0 gets the numpy and pandas of April 2023, as it
    had then), or of --as-of DATE, or today's with --latest; an app that pins no viktor version,
    or one that admits the newest, gets today's. The first line says which date and why.

    The app's pins win: the runtime's ranges are wide, and the libraries of SDK features the app's
    code uses (GeometryView's trimesh, the document engines, pytest) are added only where they fit.
    Afterwards serve, check, test and worker run the app's code with that environment.
    Shows its steps and pip's progress; when pip fails, pip's output, which requirements clash,
    and exit code 1.

    \b
    Examples:
      viktorlite install my_app
      viktorlite install my_app --latest
      viktorlite install my_app --as-of 2023-03-01
      viktorlite install my_app --blob-url s3://bucket/prefix   (adds boto3 for the workers)
      viktorlite install my_app && viktorlite serve my_app
    """
    from viktorlite.app.config import AppConfigError, read_config
    from viktorlite.app.environment import AppEnvError, build_env
    from viktorlite.app.environment_date import choose_date
    from viktorlite.app.environment_pip import outer_pip
    from viktorlite.app.environment_sources import PipSources, pip_sources
    from viktorlite.app.install_progress import InstallProgress

    if latest and as_of is not None:
        raise click.UsageError("--latest and --as-of exclude each other")
    app_dir = app_dir.resolve()
    try:
        read_config(app_dir)
        sources = pip_sources([sys.executable, "-m", "pip"]) if outer_pip() else PipSources()
        date = choose_date(app_dir, as_of=as_of, latest=latest, index_url=sources.index_url)
        progress = InstallProgress(steps=5 if date.when else 4)
        if date.warning:
            progress.warn(date.warning)
        progress.note_line(date.line())
        python = build_env(app_dir, progress, as_of=date.when, sources=sources)
    except (AppConfigError, AppEnvError) as exc:
        raise click.ClickException(str(exc)) from None
    progress.finish(f"done: the workers of {app_dir.name} will run with {python}")
