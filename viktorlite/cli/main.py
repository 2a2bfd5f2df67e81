"""The ``viktorlite`` command: serve an app, or run its web and worker processes separately."""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from viktorlite import __version__
from viktorlite.cli.blob_url_option import BLOB_URL
from viktorlite.cli.exit_codes import EXIT_CODES_HELP, Refused
from viktorlite.cli.instance_lock import HELD_BY_PARENT_ENV
from viktorlite.cli.lazy_commands import LazyCommand, LazyGroup
from viktorlite.cli.param_types import PORT, REDIS_URL
from viktorlite.log_format import LOG_FORMAT_ENV, LOG_FORMATS, configure_logging
from viktorlite.processes import REDIS_URL_ENV

if TYPE_CHECKING:
    from viktorlite.cli.instance_lock import InstanceLock
    from viktorlite.web.middleware.access_policy import AccessPolicy

APP_DIR = click.Path(exists=True, file_okay=False, path_type=Path)
ACCESS_TOKEN = click.option(
    "--access-token",
    envvar="VIKTORLITE_ACCESS_TOKEN",
    help="Log in with this token (16+ characters); needed, or --users-file, to listen on a non-loopback address.",
)
USERS_FILE = click.option(
    "--users-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Log in with a name and password from this file (see `viktorlite users add`).",
)

WEB_PROCESSES_HELP = "Web processes sharing the port, each with its own event connection (see docs/cli.md)."
LOG_FORMAT = click.option(
    "--log-format",
    type=click.Choice(LOG_FORMATS),
    envvar=LOG_FORMAT_ENV,
    default="text",
    show_default=True,
    help="text: readable lines, coloured on a terminal (unless NO_COLOR is set); json: one JSON object a line.",
)


def _check_app(app_dir: Path) -> None:
    from viktorlite.app.config import AppConfigError, read_config

    try:
        read_config(app_dir)
    except AppConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _claim_start(command: str, app_dir: Path, data_dir: Path, host: str, port: int) -> InstanceLock | None:
    """Lock ``data_dir`` and check the port before anything starts; exit 2 naming what is in the way.

    The lock is returned to be kept for the life of the process (the kernel drops it at exit); the
    web process that serve starts finds the data dir locked by its parent and takes no lock, and
    ``web`` processes share theirs (viktorlite.cli.instance_lock).
    """
    from viktorlite.cli.instance_lock import DataDirInUse, Holder, InstanceLock, held_by_parent
    from viktorlite.cli.port_check import PortUnavailable, check_port_free

    lock = None
    if not held_by_parent(data_dir):
        holder = Holder(os.getpid(), command, url=f"http://{host}:{port}/", app_dir=str(app_dir))
        try:
            lock = InstanceLock(data_dir).acquire(holder, shared=command == "web")
        except DataDirInUse as exc:
            raise Refused(str(exc)) from None
    try:
        check_port_free(host, port)
    except PortUnavailable as exc:
        raise Refused(str(exc)) from None
    return lock


def _check_vendored_assets() -> None:
    """Refuse to start (exit 2, the fix in the message) without the editor's front-end libraries.

    Served without them, the editor would load and its 3D, map and PDF views would fail in the
    browser with 404s; an installation that lacks them is better told at once how to get them.
    """
    from viktorlite.web.vendor_assets import missing_vendor_files, missing_vendor_message

    missing = missing_vendor_files()
    if missing:
        raise Refused(missing_vendor_message(missing))


def _access_policy(host: str, token: str | None, users_file: Path | None, data_dir: Path) -> AccessPolicy:
    """Who may use the web process on ``host``; a usage error when a non-loopback bind has no access setting."""
    from viktorlite.web.middleware.access_policy import AccessPolicy, AccessSettingError
    from viktorlite.web.middleware.login_sessions import load_secret

    try:
        policy = AccessPolicy.for_bind(host, token=token, users_file=users_file, secret="")
    except AccessSettingError as exc:
        raise click.UsageError(str(exc)) from None
    return replace(policy, secret=load_secret(data_dir)) if policy.required else policy


@click.group(cls=LazyGroup, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="viktorlite")
def main() -> None:
    """Run apps written for the VIKTOR SDK on your own machine.

    \b
    Examples:
      viktorlite serve sample_apps/beam --open
      viktorlite check my_app
      viktorlite COMMAND --help
    """


@main.command()
@click.argument("app_dir", type=APP_DIR)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address the editor listens on.")
@click.option("--port", type=PORT, default=8000, show_default=True, help="Port the editor listens on.")
@click.option("--workers", type=click.IntRange(1, 64), help="Worker processes [default: 1, or 3 with --production].")
@click.option("--production", is_flag=True, help="Simulate production: several workers, each with its own disk.")
@click.option("--web-workers", type=click.IntRange(1, 64), default=1, show_default=True, help=WEB_PROCESSES_HELP)
@click.option("--redis-url", type=REDIS_URL, help="Use this Redis instead of starting the embedded one.")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where Redis data and worker disks live [default: APP_DIR/.viktorlite].",
)
@click.option(
    "--grace",
    default=5.0,
    show_default=True,
    type=click.FloatRange(0, 3600),
    help="Seconds running jobs get to finish when serve is stopped; then they are stopped and marked failed.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the editor in the browser once it is ready.")
@LOG_FORMAT
@click.option(
    "--reload/--no-reload",
    default=True,
    show_default=True,
    help="Restart the workers when a file of the app changes (dev mode only; see docs/dev-mode.md).",
)
@ACCESS_TOKEN
@USERS_FILE
@BLOB_URL
def serve(
    app_dir: Path,
    host: str,
    port: int,
    workers: int | None,
    production: bool,
    web_workers: int,
    redis_url: str | None,
    data_dir: Path | None,
    grace: float,
    open_browser: bool,
    log_format: str,
    reload: bool,
    access_token: str | None,
    users_file: Path | None,
) -> None:
    """Serve APP_DIR in the browser editor, with Redis and a worker pool.

    Prints a banner with the URL once everything is ready; Ctrl-C stops it all (exit code 0).

    \b
    Examples:
      viktorlite serve sample_apps/beam
      viktorlite serve sample_apps/beam --open
      viktorlite serve my_app --production --workers 4 --web-workers 2 --port 8080
      viktorlite serve my_app --redis-url redis://localhost:6379/0 --log-format json
    """
    from viktorlite.app.environment import AppEnvError, app_python
    from viktorlite.cli.serve import ServeOptions, Supervisor

    configure_logging(log_format, "serve")
    _check_vendored_assets()
    os.environ[LOG_FORMAT_ENV] = log_format  # the web process and the workers log the same way
    app_dir = app_dir.resolve()
    _check_app(app_dir)
    try:
        python = app_python(app_dir)  # an incomplete environment of the app stops serve before anything starts
    except AppEnvError as exc:
        raise click.ClickException(str(exc)) from None
    data_dir = (data_dir or app_dir / ".viktorlite").resolve()
    _access_policy(host, access_token, users_file, data_dir)  # refuse a bad setting before starting anything
    lock = _claim_start("serve", app_dir, data_dir, host, port)  # noqa: F841  (held until serve exits)
    os.environ[HELD_BY_PARENT_ENV] = str(data_dir)  # serve's web process shares this lock
    options = ServeOptions(
        app_dir=app_dir,
        python=python,
        host=host,
        port=port,
        workers=workers or (3 if production else 1),
        web_workers=web_workers,
        production=production,
        redis_url=redis_url,
        data_dir=data_dir,
        grace=grace,
        access_token=access_token,
        users_file=users_file.resolve() if users_file else None,
        log_format=log_format,
        open_browser=open_browser,
        reload=reload and not production,
    )
    sys.exit(Supervisor(options).run())


@main.command()
@click.argument("app_dir", type=APP_DIR)
@click.option(
    "--redis-url",
    type=REDIS_URL,
    required=True,
    envvar=REDIS_URL_ENV,
    help=f"The Redis that the web process uses [or ${REDIS_URL_ENV}, which keeps a password off the command line].",
)
@click.option("--name", help="Worker name [default: HOST-PID].")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where this worker's private disk lives [default: APP_DIR/.viktorlite].",
)
@click.option("--production", is_flag=True, help="Behave as in production (shared memoize, short error messages).")
@LOG_FORMAT
@BLOB_URL
def worker(
    app_dir: Path, redis_url: str, name: str | None, data_dir: Path | None, production: bool, log_format: str
) -> None:
    """Run one worker for APP_DIR against the Redis at --redis-url (it may run on another machine).

    It serves jobs until Ctrl-C or SIGTERM, letting a running job finish first (exit code 0).
    An app with its own environment (`viktorlite install`) is run with that environment's Python.

    \b
    Examples:
      viktorlite worker my_app --redis-url redis://localhost:6379/0
      viktorlite worker my_app --redis-url redis://redis.internal:6379/0 --name gpu-1 --production
    """
    import redis

    from viktorlite.app.environment import AppEnvError, switch_to_app_env
    from viktorlite.cli.banner import redact

    app_dir = app_dir.resolve()
    name = name or f"{socket.gethostname()}-{os.getpid()}"
    data_dir = (data_dir or app_dir / ".viktorlite").resolve()
    os.environ[REDIS_URL_ENV] = redis_url  # a re-executed worker reads it there, never from its argv
    args = [str(app_dir), "--name", name, "--data-dir", str(data_dir)]
    args += ["--log-format", log_format, *(["--production"] if production else [])]
    configure_logging(log_format, name)
    try:
        switch_to_app_env(app_dir, args)
    except AppEnvError as exc:
        raise click.ClickException(str(exc)) from None
    from viktorlite.workers.worker_process import run_worker

    try:
        run_worker(app_dir, redis_url, name, data_dir, production=production)
    except redis.AuthenticationError as exc:
        raise click.ClickException(f"Redis at {redact(redis_url)} refused the user or password: {exc}") from None
    except redis.exceptions.NoPermissionError as exc:
        raise click.ClickException(
            f"the Redis user of {redact(redis_url)} may not run a command viktorlite needs "
            f"(docs/several-machines.md gives the ACL rule): {exc}"
        ) from None
    except redis.ConnectionError as exc:
        raise click.ClickException(f"cannot reach Redis at {redact(redis_url)}: {exc}") from None


@main.command()
@click.argument("app_dir", type=APP_DIR)
@click.option(
    "--redis-url",
    type=REDIS_URL,
    required=True,
    envvar=REDIS_URL_ENV,
    help=f"The Redis that the workers use [or ${REDIS_URL_ENV}, which keeps a password off the command line].",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address the editor listens on.")
@click.option("--port", type=PORT, default=8000, show_default=True, help="Port the editor listens on.")
@click.option("--production", is_flag=True, help="Production rules: initial entities are created once, top level only.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help=WEB_PROCESSES_HELP)
@LOG_FORMAT
@ACCESS_TOKEN
@USERS_FILE
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the session-signing secret is kept [default: APP_DIR/.viktorlite].",
)
@BLOB_URL
def web(
    app_dir: Path,
    redis_url: str,
    host: str,
    port: int,
    production: bool,
    workers: int,
    log_format: str,
    access_token: str | None,
    users_file: Path | None,
    data_dir: Path | None,
) -> None:
    """Run only the web process (editor and API) for APP_DIR; it never imports the app's code.

    Workers (`viktorlite worker`) serve its jobs through the same Redis. Ctrl-C stops it (exit code 0).

    \b
    Examples:
      viktorlite web my_app --redis-url redis://localhost:6379/0
      viktorlite web my_app --redis-url redis://redis.internal:6379/0 --host 0.0.0.0 --users-file users.txt
      viktorlite web my_app --redis-url redis://localhost:6379/0 --workers 4
    """
    import uvicorn

    from viktorlite.app.config import app_name
    from viktorlite.cli import web_processes
    from viktorlite.cli.banner import redact
    from viktorlite.store.connection import refused_credentials
    from viktorlite.web.app import create_app

    configure_logging(log_format, "web")
    _check_vendored_assets()
    refused = refused_credentials(redis_url)  # an unreachable Redis is waited for; wrong credentials are not
    if refused is not None:
        raise click.ClickException(f"Redis at {redact(redis_url)} refused the user or password: {refused}")
    data_dir = (data_dir or Path(app_dir) / ".viktorlite").resolve()
    policy = _access_policy(host, access_token, users_file, data_dir)
    sock = web_processes.inherited_socket()  # a child of `web --workers N`: its supervisor checked all
    lock = None if sock else _claim_start("web", Path(app_dir).resolve(), data_dir, host, port)  # noqa: F841
    if workers > 1:
        users_file = users_file.resolve() if users_file else None
        options = web_processes.ChildOptions(Path(app_dir).resolve(), host, port, production, log_format, data_dir)
        sys.exit(web_processes.supervise(workers, options, redis_url, users_file, access_token))
    app = create_app(redis_url, app_name(app_dir), production=production, app_dir=Path(app_dir), access_policy=policy)
    if sock is not None:
        web_processes.serve_child(app, sock)
        return
    # log_config=None: uvicorn's loggers go through configure_logging's handler, like everything else.
    uvicorn.run(app, host=host, port=port, log_level="warning", log_config=None)


@main.group()
def users() -> None:
    """Manage the users file that --users-file reads (names and hashed passwords).

    \b
    Examples:
      viktorlite users add users.txt alice
    """


@users.command("add")
@click.argument("users_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("name")
@click.password_option(help="The password (asked for twice when not given).")
def users_add(users_file: Path, name: str, password: str) -> None:
    """Add NAME to USERS_FILE (or change their password); the password is stored as a scrypt hash.

    \b
    Examples:
      viktorlite users add users.txt alice            # asks for the password twice
      viktorlite users add users.txt bot --password "$BOT_PASSWORD"
    """
    from viktorlite.store.users_file import UsersFileError, add_user

    try:
        new = add_user(users_file, name, password)
    except UsersFileError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{'added' if new else 'changed the password of'} {name} in {users_file}")


#: The app tools live in modules of their own, imported only when their command runs (issue 18).
APP_TOOLS = {
    "check": LazyCommand(
        "viktorlite.cli.check_command",
        "check_command",
        "Run every view and button of APP_DIR once with its default params, and report how each went.",
    ),
    "install": LazyCommand(
        "viktorlite.cli.install_command",
        "install_command",
        "Build APP_DIR/.viktorlite/env from the app's requirements.txt plus viktorlite's worker runtime.",
    ),
    "new": LazyCommand(
        "viktorlite.cli.new_command",
        "new_command",
        "Create the app folder NAME (a name or a path) with a working app, tests and a README.",
    ),
    "replay": LazyCommand(
        "viktorlite.cli.replay_command",
        "replay_command",
        "Run job JOB_ID of APP_DIR [default: the current folder] again, in this process, with its kept inputs.",
    ),
    "test": LazyCommand(
        "viktorlite.cli.test_command",
        "test_command",
        "Run the tests of APP_DIR (its tests/ folder) with pytest, in the app's own environment.",
    ),
}
for _name, _command in APP_TOOLS.items():
    main.add_lazy(_name, _command)
