"""The embedded Redis is private to the user who serves: a password no other local user can read."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import redis

from support import APPS, Served, copy_app
from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.store import serve_info


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _command_lines() -> list[str]:
    """The command line of every process on the machine, as ``ps`` shows them to any user."""
    lines = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:  # ended meanwhile
            continue
    return lines


def test_embedded_redis_asks_for_a_password_kept_in_private_files(tmp_path: Path):
    server = EmbeddedRedis(tmp_path / "redis")
    server.start()
    try:
        anonymous = redis.Redis(host="127.0.0.1", port=server.port)
        with pytest.raises(redis.AuthenticationError):
            anonymous.set("taken", "over")
        client = redis.Redis.from_url(server.url)
        assert client.ping()
        assert _mode(server.data_dir) == 0o700
        assert all(_mode(path) & 0o077 == 0 for path in server.data_dir.glob("*.conf"))
        assert not [line for line in _command_lines() if server.password in line]
        # Saved snapshots as configured (an argument "300 1" was once silently ignored).
        assert client.config_get("save")["save"] == "300 1"
    finally:
        server.stop()


def test_serve_hands_the_redis_password_to_no_command_line_and_keeps_serve_json_private(tmp_path: Path):
    app = copy_app(APPS / "calculator", tmp_path)
    with Served(app) as served:
        url = served.redis_url()
        password = redis.connection.parse_url(url)["password"]
        assert password and password not in served.text()  # not in the banner or any log line
        assert not [line for line in _command_lines() if password in line]
        assert _mode(app / ".viktorlite" / serve_info.FILE_NAME) == 0o600
        assert redis.Redis.from_url(url).ping()
