"""The ``viktorlite check`` command (registered in :mod:`viktorlite.cli.main`); the work is in
:mod:`viktorlite.cli.check`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from viktorlite.cli.param_types import REDIS_URL


@click.command("check")
@click.argument("app_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the results as a JSON list instead of a table.")
@click.option(
    "--timeout",
    default=60,
    show_default=True,
    type=click.IntRange(1, 3600),
    help="Seconds each method may run before it counts as a timeout.",
)
@click.option(
    "--sample-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file to give every @ParamsFromFile method (without one, uploads are skipped).",
)
@click.option("--redis-url", type=REDIS_URL, help="Use this Redis instead of starting an embedded one in a temp dir.")
def check_command(app_dir: Path, as_json: bool, timeout: int, sample_file: Path | None, redis_url: str | None) -> None:
    """Run every view and button of APP_DIR once with its default params, and report how each went.

    Exits 1 when any method ended other than ok or with a UserError, or the app failed to load.

    \b
    Examples:
      viktorlite check sample_apps/beam
      viktorlite check my_app --json > report.json
      viktorlite check my_app --sample-file tests/sample.csv --timeout 120
    """
    from viktorlite.app.config import AppConfigError
    from viktorlite.app.environment import AppEnvError, app_python
    from viktorlite.cli.check import CheckError, describe_app, format_table, run_check

    app_dir = app_dir.resolve()
    try:
        python = app_python(app_dir)
        click.echo(f"checking {app_dir.name} with {python.describe()}", err=True)
        report = run_check(app_dir, redis_url=redis_url, timeout=timeout, sample_file=sample_file, python=python.path)
    except (AppConfigError, AppEnvError, CheckError) as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        click.echo(describe_app(report.manifest))
        click.echo()
        click.echo(format_table(report.rows) if report.rows else "no views or buttons to run")
        for skipped in report.skipped_uploads:
            click.echo(f"skipped {skipped}: no --sample-file given")
    sys.exit(0 if report.passed else 1)
