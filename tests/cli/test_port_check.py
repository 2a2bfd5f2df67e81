"""A taken or impossible port stops serve at once (exit 2), before Redis or a worker starts."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from support import APPS, HANG, Served, copy_app, run_viktorlite
from viktorlite.app.config import app_name


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    return copy_app(APPS / "calculator", tmp_path)


def _one_error_line(result) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "press Ctrl-C" not in result.stdout + result.stderr  # no banner
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def test_a_port_taken_by_another_program_exits_2_naming_the_port(app_dir: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_viktorlite("serve", app_dir, "--port", port, timeout=HANG)
    error = _one_error_line(result)
    assert f"port {port}" in error and "another program" in error
    assert not (app_dir / ".viktorlite" / "redis").exists()  # nothing was started


def test_a_port_taken_by_another_viktorlite_names_the_app_it_serves(app_dir: Path, tmp_path: Path):
    other = copy_app(APPS / "calculator", tmp_path)
    with Served(other) as first:
        result = run_viktorlite("serve", app_dir, "--port", first.port, timeout=HANG)
        error = _one_error_line(result)
        assert f"port {first.port}" in error
        assert f"viktorlite serving the app {app_name(other)!r}" in error
        assert first.process.poll() is None


def test_web_refuses_a_taken_port_too(app_dir: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_viktorlite("web", app_dir, "--redis-url", "redis://127.0.0.1:1/0", "--port", port, timeout=HANG)
    assert f"port {port}" in _one_error_line(result)


@pytest.mark.parametrize(("command", "port"), [("serve", "99999"), ("serve", "0"), ("web", "70000")])
def test_a_bad_port_is_a_usage_error(app_dir: Path, command: str, port: str):
    result = run_viktorlite(command, app_dir, "--redis-url", "redis://127.0.0.1:1/0", "--port", port, timeout=HANG)
    assert "Invalid value for '--port'" in _one_error_line(result)


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_a_bad_redis_url_is_a_usage_error_that_does_not_echo_it(app_dir: Path, command: str):
    result = run_viktorlite(command, app_dir, "--redis-url", "http://:secret@example.org", timeout=HANG)
    error = _one_error_line(result)
    assert "Invalid value for '--redis-url'" in error and "secret" not in result.stderr
