"""The versions an app's requirements had as of a date, held as constraints of the real install.

A dated resolve is a dry run (``pip install --dry-run --report``) of the app's requirements and the
real SDK's dependencies the app uses (numpy, and pandas or matplotlib when its code imports them),
with ``--uploaded-prior-to`` and only the package sources that state upload times
(:mod:`viktorlite.app.environment_sources`), preferring wheels (an old sdist would have to be built).
Every version it chose becomes a ``name==version`` constraint of the install that follows, which
adds viktorlite's worker runtime undated: rq 2 and pydantic 2, which a worker needs, are younger
than many SDK releases. Where the runtime cannot run with a dated version (pydantic 2 needs a newer
typing-extensions than a 2022 app's), that constraint is lifted, and install says so.

An app pin younger than the date (``plotly==5.20`` beside ``viktor==14.0.0``) keeps its version:
when the whole dated resolve fails, it runs again without the app's exact pins; when that fails
too, the install goes on with today's releases and says why.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from viktorlite.app.environment_packages import requirement_name
from viktorlite.app.environment_pip import run_pip
from viktorlite.app.environment_sources import PipSources
from viktorlite.app.install_progress import InstallProgress
from viktorlite.app.pip_conflict import conflict_lines

_EXACT = re.compile(r"^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*===?\s*[^\s,;*]+\s*(;.*)?$")
_CONSTRAINED = re.compile(r"The user requested \(constraint\) ([A-Za-z0-9][A-Za-z0-9._-]*)\s*==")


class DatedResolveError(Exception):
    """No dated resolve was possible; the message says why (the install goes on undated)."""


@dataclass
class DatedPins:
    """What a dated resolve chose: normalised name -> version, and what it left out and why."""

    when: datetime
    versions: dict[str, str]
    #: Packages whose dated version had to give way, with the reason (the worker runtime needs newer).
    lifted: dict[str, str] = field(default_factory=dict)
    #: App requirements left out of the dated resolve (exact pins younger than the date).
    undated_pins: list[str] = field(default_factory=list)

    def write(self, path: Path) -> Path:
        lines = [f"{name}=={version}\n" for name, version in sorted(self.versions.items()) if name not in self.lifted]
        path.write_text("".join(lines), encoding="utf-8")
        return path

    def describe(self, names: list[str]) -> str:
        """``numpy 1.24.2, pandas 2.0.0``: the dated versions of ``names`` (the app's direct requirements)."""
        wanted = dict.fromkeys(requirement_name(name) for name in names)
        shown = [f"{name} {self.versions[name]}" for name in wanted if name in self.versions]
        return ", ".join(shown) or "no package of the app's own"

    def lift(self, pip_output: str) -> list[str]:
        """Lift the dated constraints pip's conflict names; returns their names (none: not a dated clash)."""
        names = [requirement_name(found) for found in _CONSTRAINED.findall(pip_output)]
        lifted = [name for name in dict.fromkeys(names) if name in self.versions and name not in self.lifted]
        why = "; ".join(conflict_lines(pip_output)) or "pip could not combine it with the worker runtime"
        for name in lifted:
            self.lifted[name] = why
        return lifted


def day(when: datetime) -> str:
    """The day a resolve is "as of": the last day before ``when`` (pip keeps uploads before it), so
    ``--as-of 2023-03-01`` (before 2 March, 00:00 UTC) shows as 2023-03-01."""
    return f"{when.astimezone(UTC) - timedelta(microseconds=1):%Y-%m-%d}"


def is_exact_pin(line: str) -> bool:
    return bool(_EXACT.match(line))


def _chosen(report: Path) -> dict[str, str]:
    data = json.loads(report.read_text(encoding="utf-8"))
    return {requirement_name(item["metadata"]["name"]): item["metadata"]["version"] for item in data["install"]}


def resolve_as_of(
    python: Path,
    when: datetime,
    *,
    app_lines: list[str],
    app_file: Path,
    extra: list[str],
    sources: PipSources,
    progress: InstallProgress,
    cwd: Path,
) -> DatedPins:
    """The versions pip chooses for the app's requirements (``app_file``) and ``extra`` as of ``when``."""
    env = sources.dated_environment()
    report = app_file.with_name("dated-resolve.json")
    moment = when.astimezone(UTC).isoformat()
    base = ["--dry-run", "--ignore-installed", "--prefer-binary", "--uploaded-prior-to", moment, "--report"]
    code, output = run_pip(python, [*base, str(report), "-r", str(app_file), *extra], progress, cwd, env)
    if code == 0:
        return DatedPins(when, _chosen(report))
    exact = [line for line in app_lines if is_exact_pin(line)]
    if exact:
        rest = app_file.with_name("dated-requirements.txt")
        kept = [line for line in app_file.read_text(encoding="utf-8").splitlines() if line not in exact]
        rest.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
        code, output = run_pip(python, [*base, str(report), "-r", str(rest), *extra], progress, cwd, env)
        if code == 0:
            return DatedPins(when, _chosen(report), undated_pins=exact)
    why = "; ".join(conflict_lines(output)) or (output.strip().splitlines() or ["pip said nothing"])[-1]
    raise DatedResolveError(f"pip cannot resolve the app's requirements as of {day(when)}: {why}")
