"""A worker's private disk: its own copy of the app folder plus scratch space.

Production runs each app process on a disk of its own that is reset when the process is
replaced; giving every worker a fresh copy makes an app's reliance on local files show up
locally, before deployment.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SKIPPED_NAMES = {".viktorlite", "__pycache__", ".git", ".venv", "venv", "node_modules", ".pytest_cache"}


def _ignore(source_root: Path, excluded: Path | None) -> Callable[[str, list[str]], set[str]]:
    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {name for name in names if name in SKIPPED_NAMES or name.endswith(".pyc")}
        if excluded is not None:
            skipped |= {name for name in names if (Path(folder) / name).resolve() == excluded}
        return skipped

    return ignore


@dataclass(frozen=True)
class PrivateDisk:
    root: Path

    @property
    def app_dir(self) -> Path:
        return self.root / "app"

    @property
    def scratch(self) -> Path:
        return self.root / "scratch"

    @classmethod
    def fresh(cls, root: Path, app_source: Path, *, exclude: Path | None = None) -> PrivateDisk:
        """Wipe ``root`` and fill it with a copy of ``app_source`` (minus ``exclude``)."""
        disk = cls(Path(root))
        shutil.rmtree(disk.root, ignore_errors=True)
        disk.root.mkdir(parents=True)
        shutil.copytree(
            app_source,
            disk.app_dir,
            ignore=_ignore(app_source.resolve(), exclude.resolve() if exclude else None),
        )
        disk.scratch.mkdir()
        return disk
