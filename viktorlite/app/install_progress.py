"""What ``viktorlite install`` shows while it works: numbered steps and how far pip has got.

pip's own output is long and scrolls past; on a terminal one line is redrawn instead (how many
packages pip has collected, then that it installs them), and elsewhere (CI logs, files) the steps
and pip's key lines are printed as plain lines. Everything pip said is kept, so a failure can
show it in full.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

import click

from viktorlite.log_format import colour_wanted

_COLLECTING = re.compile(r"^(?:Collecting|Processing) (\S+)")
_ALREADY = re.compile(r"^Requirement already satisfied: (\S+)")
_INSTALLING = re.compile(r"^Installing collected packages: (.*)$")
_INSTALLED = re.compile(r"^Successfully installed (.*)$")


class InstallProgress:
    """Steps and pip's progress, live on a terminal, plain lines otherwise."""

    def __init__(self, stream: TextIO | None = None, *, steps: int = 2) -> None:
        self.stream = stream or sys.stdout
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self.colour = colour_wanted(self.stream)
        self.steps = steps
        self.pip_output: list[str] = []
        self.collected: list[str] = []
        self._step = 0
        self._live_line = False

    def _print(self, text: str) -> None:
        self._end_live_line()
        click.echo(text, file=self.stream)

    def _redraw(self, text: str) -> None:
        """Replace the live line (terminal only)."""
        click.echo(f"\r\x1b[K{text[:100]}", file=self.stream, nl=False)  # short enough not to wrap
        self._live_line = True

    def _end_live_line(self) -> None:
        if self._live_line:
            click.echo(file=self.stream)
            self._live_line = False

    def step(self, text: str) -> None:
        self._step += 1
        label = f"[{self._step}/{self.steps}] {text}"
        self._print(click.style(label, bold=True) if self.colour else label)

    def pip_line(self, line: str) -> None:
        """Take one line of pip's output and show what it means for progress."""
        line = line.rstrip()
        self.pip_output.append(line)
        if match := _COLLECTING.match(line) or _ALREADY.match(line):
            self.collected.append(match.group(1))
            if self.live:
                self._redraw(f"      resolving: {len(self.collected)} packages ({match.group(1)})")
            elif not line.startswith("Requirement already"):
                self._print(f"      collecting {match.group(1)}")
        elif match := _INSTALLING.match(line):
            count = len([name for name in match.group(1).split(",") if name.strip()])
            text = f"      installing {count} packages…"
            if self.live:
                self._redraw(text)
            else:
                self._print(text)
        elif match := _INSTALLED.match(line):
            self._print(f"      installed {len(match.group(1).split())} packages")

    def note_line(self, text: str) -> None:
        """A line of its own, before the steps (which date the install resolves as of)."""
        self._print(text)

    def note(self, text: str) -> None:
        """A line worth reading that is not a step (a feature left out, say)."""
        self._print(f"      {text}")

    def warn(self, text: str) -> None:
        """Something went otherwise than asked, and the install goes on (on stderr)."""
        self._end_live_line()
        label = f"warning: {text}"
        click.echo(click.style(label, fg="yellow") if self.colour else label, err=True)

    def finish(self, text: str) -> None:
        self._print(click.style(text, fg="green") if self.colour else text)

    def show_pip_output(self) -> None:
        """Everything pip said (on stderr), for when it failed."""
        self._end_live_line()
        click.echo("\n".join(self.pip_output), err=True)
