"""An app's ``requirements.txt`` as pip gets it: without the ``viktor`` SDK, which viktorlite provides.

pip reads the copy as it would the original: options (``--extra-index-url``, ``-e ./lib``) stay,
and a nested ``-r``/``-c`` file is named by its absolute path, since the copy lives elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path

#: Requirement lines naming the SDK itself (``viktor``, ``viktor==14.2``, ``viktor[x] >= 13``).
_SDK_LINE = re.compile(r"^\s*viktor\s*(\[[^\]]*\])?\s*(?P<spec>([=<>!~]=?|===)[^;]*)?(;.*)?$", re.IGNORECASE)
_NESTED = re.compile(r"^(-r|--requirement|-c|--constraint)(\s+|=)(\S+)$")


def app_requirements(app_dir: Path) -> list[str]:
    """The app's requirement lines, without comments, blanks and the ``viktor`` SDK itself."""
    path = app_dir / "requirements.txt"
    if not path.is_file():
        return []
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#") or _SDK_LINE.match(line):
            continue
        lines.append(line)
    return lines


def sdk_requirement(app_dir: Path) -> str | None:
    """The version range of the app's ``viktor`` line (``==14.0.0``; ``""`` for a bare ``viktor``; None: no line).

    viktorlite provides the SDK itself; the range only dates the app (:mod:`viktorlite.app.environment_date`).
    """
    path = app_dir / "requirements.txt"
    if not path.is_file():
        return None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if match := _SDK_LINE.match(line):
            return re.sub(r"\s+", "", match.group("spec") or "")
    return None


def app_requirements_file(app_dir: Path, copy: Path) -> Path:
    """Write the app's requirements for pip to ``copy`` and return it."""
    lines = []
    for line in app_requirements(app_dir):
        nested = _NESTED.match(line)
        if nested and not Path(nested.group(3)).is_absolute():
            line = f"{nested.group(1)} {(app_dir / nested.group(3)).resolve()}"
        lines.append(line)
    copy.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return copy
