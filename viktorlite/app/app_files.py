"""Which files in an app's folder are the app's: one rule for every walk of the folder.

``check`` copies the folder, workers copy it to their private disks, the code version hashes it,
``install`` reads its code for the features it uses, and hot reload watches it. An app folder may
also hold bulk that is no part of the app: a virtual environment (committed, or made there by its
author, under any name), viktorlite's own data with the app's environment, caches and version
control. Copying or hashing those costs as much as the app itself many times over and changes
nothing it can see, so every walk prunes them with :func:`is_not_app_folder`, without descending.

A folder named ``build`` or ``dist`` stays: an app may keep its own code or data there.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

#: Folders that are never part of an app, by name: viktorlite's data (with the app's environment),
#: caches of test runners and linters, version control, editors' state and virtual environments.
NOT_APP_FILES = frozenset(
    {
        ".viktorlite",
        "__pycache__",
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
        ".tox",
        ".nox",
        ".idea",
        ".ipynb_checkpoints",
    }
)
#: Folders that are never part of an app, by pattern (pytest's leftovers of an interrupted run).
NOT_APP_PATTERNS = ("pytest-cache-files-*",)
#: A folder holding one of these is a Python environment (venv/virtualenv, conda), whatever its name.
ENVIRONMENT_MARKERS = ("pyvenv.cfg", "conda-meta")


#: Files that are never part of an app, by pattern: editors' swap, backup and lock files
#: (vim ``.app.py.swp``, emacs ``app.py~`` and ``.#app.py``).
NOT_APP_FILE_PATTERNS = ("*.pyc", ".*.sw?", "*~", ".#*")


def is_bulk_name(name: str) -> bool:
    """True for a folder name that is never the app's (the name rule alone, for a folder already gone)."""
    return name in NOT_APP_FILES or any(fnmatch.fnmatchcase(name, pattern) for pattern in NOT_APP_PATTERNS)


def is_not_app_folder(folder: Path) -> bool:
    """True for a folder that is no part of the app: by its name, or because it is an environment."""
    if is_bulk_name(folder.name):
        return True
    return any(os.path.lexists(folder / marker) for marker in ENVIRONMENT_MARKERS)


def is_not_app_file(path: Path) -> bool:
    """True for a file that is no part of the app wherever it lies (bytecode, editors' scratch files)."""
    return any(fnmatch.fnmatchcase(path.name, pattern) for pattern in NOT_APP_FILE_PATTERNS)


def skipped_names(folder: str | Path, names: Iterable[str]) -> set[str]:
    """The entries of ``folder`` a copy leaves out: an ``ignore`` for :func:`shutil.copytree`."""
    folder = Path(folder)
    skipped = set()
    for name in names:
        path = folder / name
        if is_not_app_file(path) or (path.is_dir() and is_not_app_folder(path)):
            skipped.add(name)
    return skipped


def app_files(directory: Path) -> Iterator[Path]:
    """Every file of the app under ``directory``, sorted as paths; pruned folders are never entered.

    Symbolic links to folders are not followed (as :meth:`Path.rglob`); links to files are files.
    """
    found = []
    for folder, dirs, files in os.walk(directory):
        here = Path(folder)
        dirs[:] = [name for name in dirs if not is_not_app_folder(here / name)]
        for name in files:
            path = here / name
            if not is_not_app_file(path) and path.is_file():
                found.append(path)
    yield from sorted(found)


def in_not_app_folder(path: Path, root: Path) -> bool:
    """True when ``path`` under ``root`` is, or lies in, a folder that is no part of the app (hot reload)."""
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        return False
    folder = root
    for index, part in enumerate(parts):
        folder = folder / part
        # By name even when it is gone: pytest renames and deletes its pytest-cache-files-* folders.
        if is_bulk_name(part) or ((index < len(parts) - 1 or folder.is_dir()) and is_not_app_folder(folder)):
            return True
    return False
