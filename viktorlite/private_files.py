"""Files only this user may read (passwords, secrets, URLs that carry them), written whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path


def write_private_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in mode 0600: readers see the old file or the new one, never half,
    and the file is never readable by others, not even for a moment (created private, not chmod-ed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.unlink(missing_ok=True)  # a left-over partial file may have a wider mode: never reuse it
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
    partial.replace(path)
