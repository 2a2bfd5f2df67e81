"""``DATA_DIR/serve.json``: which Redis a ``viktorlite serve`` of an app uses, for the tools that come later.

``serve`` writes it once its Redis is up; ``viktorlite replay`` reads it to find the jobs' kept
inputs without being told a Redis URL, even after serve has stopped (the embedded Redis' data
folder is recorded too). The web process reads it to tell whether a replay command needs
``--redis-url``.
"""

from __future__ import annotations

import json
import os
import shlex
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from viktorlite.private_files import write_private_text

FILE_NAME = "serve.json"


@dataclass(frozen=True)
class ServeInfo:
    app_dir: str
    redis_url: str
    #: The embedded Redis' data folder (its AOF holds everything); None for an external Redis.
    redis_dir: str | None
    pid: int
    started_at: str


def write(data_dir: Path, app_dir: Path, redis_url: str, redis_dir: Path | None) -> None:
    """Record where this serve's Redis is (replacing what an earlier serve wrote)."""
    info = ServeInfo(
        app_dir=str(app_dir),
        redis_url=redis_url,
        redis_dir=str(redis_dir) if redis_dir is not None else None,
        pid=os.getpid(),
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    # Only this user may read it: the Redis URL in it carries the embedded Redis' password.
    write_private_text(data_dir / FILE_NAME, json.dumps(asdict(info), indent=2) + "\n")


def read(data_dir: Path) -> ServeInfo | None:
    """What the last serve using ``data_dir`` recorded, or None when none did (or the file is unreadable)."""
    try:
        data = json.loads((data_dir / FILE_NAME).read_text(encoding="utf-8"))
        return ServeInfo(**data)
    except (OSError, ValueError, TypeError):
        return None


def default_data_dir(app_dir: Path) -> Path:
    return app_dir / ".viktorlite"


def replay_arguments(app_dir: Path | None, redis_url: str) -> list[str]:
    """What follows the job id in a replay command: the app folder, and ``--redis-url`` unless serve.json names it.

    A password in the URL is not shown (the command is shown in the dashboard); it reads ``PASSWORD``.
    """
    if app_dir is not None:
        recorded = read(default_data_dir(app_dir))
        if recorded is not None and recorded.redis_url == redis_url:
            return [str(app_dir)]
    parts = urlsplit(redis_url)
    if parts.password:
        host = parts.netloc.rsplit("@", 1)[1]
        user = parts.username or ""
        redis_url = urlunsplit(parts._replace(netloc=f"{user}:PASSWORD@{host}"))
    return [*([str(app_dir)] if app_dir is not None else []), "--redis-url", redis_url]


def replay_command(job_id: str, arguments: list[str]) -> str:
    """The shell command that replays ``job_id`` (``arguments`` from :func:`replay_arguments`)."""
    return shlex.join(["viktorlite", "replay", job_id, *arguments])
