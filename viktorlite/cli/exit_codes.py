"""The exit codes every ``viktorlite`` command keeps to, so scripts and CI can rely on them.

Documented in ``docs/cli.md`` and at the end of ``viktorlite --help``.
"""

from __future__ import annotations

from typing import Any

import click

OK = 0
#: The command ran and failed: an unusable app folder, a failed check, pip's error, a dead child.
FAILED = 1
#: Wrong command-line usage: an unknown option, a bad value, a missing folder (click's own code).
USAGE = 2
#: Interrupted with Ctrl-C before the command was done (128 + SIGINT, as shells report it).
INTERRUPTED = 130

EXIT_CODES_HELP = """\b
Exit codes:
  0    done; serve, web and worker also after a clean stop with Ctrl-C or SIGTERM
  1    failed: unusable app folder, a check that found failures, pip's error,
       Redis or the web process died or could not start
  2    wrong usage: unknown option, bad value, a folder that does not exist,
       a data dir or port that another process is using
  130  interrupted with Ctrl-C before the command was done
"""


def _from_ctrl_c(exc: BaseException) -> bool:
    return isinstance(exc, KeyboardInterrupt) or isinstance(exc.__context__ or exc.__cause__, KeyboardInterrupt)


class ViktorliteGroup(click.Group):
    """A click group whose commands exit with 130, not click's 1, when Ctrl-C interrupts them."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, click.Abort) as exc:
            if not _from_ctrl_c(exc):
                raise
            click.echo("\ninterrupted", err=True)
            ctx.exit(INTERRUPTED)


class Refused(click.ClickException):
    """Nothing was started because of how it was asked (a data dir or port in use): one line, exit 2."""

    exit_code = USAGE
