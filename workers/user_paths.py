"""Paths in what a worker shows (tracebacks, messages) written as the app folder the user edits.

A worker imports its private copy of the app (workers/private_disk.py), so Python's tracebacks name
files under ``.viktorlite/workers/NAME/app``; the user edits, and their editor opens, the app folder.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path


def as_user_paths(text: str, loaded_from: Path | None, shown_as: Path | None) -> str:
    """``text`` with the private copy's folder ``loaded_from`` written as the folder the user edits.

    Only the whole folder name is replaced (followed by a separator, a quote or the end), so a
    sibling such as ``app2`` keeps its name.
    """
    if loaded_from is None or shown_as is None or loaded_from == shown_as:
        return text
    pattern = re.escape(str(loaded_from)) + r"(?=[/\\\"'\s:,)]|$)"
    return re.sub(pattern, lambda _: str(shown_as), text)


def user_traceback(exc: BaseException, loaded_from: Path | None, shown_as: Path | None) -> str:
    """The formatted traceback of ``exc``, its app frames in the user's own files."""
    return as_user_paths("".join(traceback.format_exception(exc)), loaded_from, shown_as)
