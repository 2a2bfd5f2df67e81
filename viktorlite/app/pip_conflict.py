"""Why pip could not install an app's environment, in one sentence that names both sides.

pip's resolver explains a conflict as a list (``The user requested plotly==5.4.0``, ``pydantic
2.0 depends on typing-extensions>=4.6.1``, ...), without saying which requirement came from the
app and which from viktorlite. :func:`explain` sorts them into the app's requirements.txt and
viktorlite's worker runtime, so the message says what clashes with what.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from viktorlite.app.environment_packages import requirement_name

_USER = re.compile(r"^The user requested (\(constraint\) )?(.+)$")
_DEPENDS = re.compile(r"^(\S+) (\S+) depends on (.+)$")
_NOT_FOUND = re.compile(r"No matching distribution found for (.+)$")


@dataclass(frozen=True)
class Cause:
    """One line of pip's conflict list: whose requirement it is, and which."""

    side: str  # "app", "runtime" or "other" (a package neither asked for directly)
    requirement: str
    #: ``pydantic 2.0 depends on typing-extensions>=4.6.1`` when the requirement is a dependency's.
    via: str | None = None


def _plain(requirement: str) -> str:
    return re.sub(r"\s+", "", requirement).lower()


def _owner(requirement: str, app: Sequence[str], runtime: Sequence[str]) -> tuple[str, str] | None:
    """Which side asked for ``requirement`` itself: the exact line first, then the project name."""
    for side, lines in (("app", app), ("runtime", runtime)):
        for line in lines:
            if _plain(line.split(";", 1)[0]) == _plain(requirement.split(";", 1)[0]):
                return side, line
    for side, lines in (("app", app), ("runtime", runtime)):
        for line in lines:
            if requirement_name(line) == requirement_name(requirement):
                return side, line
    return None


def causes(pip_output: str, app: Sequence[str], runtime: Sequence[str]) -> list[Cause]:
    """The conflict pip reported, one :class:`Cause` per requirement (the weakest line of each package)."""
    lines = pip_output.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "The conflict is caused by:")
    except StopIteration:
        return []
    found: dict[str, Cause] = {}
    for raw in lines[start + 1 :]:
        line = raw.strip()
        if not line:
            break
        if user := _USER.match(line):
            if user.group(1):
                continue  # a constraint file's line (the machine's pip configuration), not a requirement
            owner = _owner(user.group(2), app, runtime)
            side, requirement = owner or ("other", user.group(2))
            found[f"{side}:{requirement}"] = Cause(side, requirement)
        elif depends := _DEPENDS.match(line):
            package = depends.group(1)
            owner = _owner(package, app, runtime)
            side, requirement = owner or ("other", f"{package} {depends.group(2)}")
            # pip lists the newest candidate first: the last line of a package is its weakest demand.
            found[f"{side}:{requirement}"] = Cause(side, requirement, line)
    return list(found.values())


def conflict_lines(pip_output: str) -> list[str]:
    """pip's conflict list, one line per package (its weakest demand); constraints are what is installed."""
    lines = pip_output.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "The conflict is caused by:")
    except StopIteration:
        return []
    found: dict[str, str] = {}
    for raw in lines[start + 1 :]:
        line = raw.strip()
        if not line:
            break
        depends = _DEPENDS.match(line)
        line = line.replace("The user requested (constraint) ", "installed: ")
        line = line.replace("The user requested ", "wanted: ")
        found[depends.group(1) if depends else line] = line
    return list(found.values())


def _describe(cause: Cause) -> str:
    return f"{cause.requirement} ({cause.via})" if cause.via else cause.requirement


def explain(pip_output: str, app: Sequence[str], runtime: Sequence[str]) -> str | None:
    """One sentence naming what clashed, or None when pip's output holds no conflict it can read."""
    found = causes(pip_output, app, runtime)
    if found:
        mine, ours, other = ([_describe(c) for c in found if c.side == side] for side in ("app", "runtime", "other"))
        if mine and ours:
            text = (
                f"the app's requirement {' and '.join(mine)} cannot be combined with "
                f"viktorlite's worker runtime requirement {' and '.join(ours)}"
            )
        elif mine:
            text = f"the app's own requirements conflict: {' and '.join(mine)}"
        else:
            return f"these requirements conflict: {' and '.join(ours + other)}"
        return text + (f"; also involved: {' and '.join(other)}" if other else "")
    for line in reversed(pip_output.splitlines()):
        if missing := _NOT_FOUND.search(line):
            return f"no release of {missing.group(1).strip()} can be installed here"
    return None
