"""Commands whose modules are imported only when that command runs (issue 18, item 4).

``viktorlite --help`` and ``viktorlite serve`` should not pay for importing every other command
(pytest glue, app templates, the replay machinery). A lazy command is named here with the module
and attribute that define it and its one-line help, which ``--help`` lists without importing it;
a test checks that line against the command's own docstring.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import click

from viktorlite.cli.exit_codes import ViktorliteGroup


@dataclass(frozen=True)
class LazyCommand:
    module: str
    attribute: str
    #: The first line of the command's docstring, shown by the group's ``--help``.
    summary: str

    def load(self) -> click.Command:
        command = getattr(importlib.import_module(self.module), self.attribute)
        assert isinstance(command, click.Command), f"{self.module}.{self.attribute} is no click command"
        return command


class LazyGroup(ViktorliteGroup):
    """A group that imports a lazy command's module when that command is asked for by name."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_commands: dict[str, LazyCommand] = {}

    def add_lazy(self, name: str, command: LazyCommand) -> None:
        self.lazy_commands[name] = command

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            self.add_command(self.lazy_commands[cmd_name].load(), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Click's listing, with the lazy commands' lines from their summaries (no import)."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max((len(name) for name in names), default=0)
        rows = []
        for name in names:
            if name not in self.commands and name in self.lazy_commands:
                rows.append(
                    (name, click.Command(name, help=self.lazy_commands[name].summary).get_short_help_str(limit))
                )
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
