"""The log formats and the install progress display, on a real terminal (a pty) and on plain streams."""

from __future__ import annotations

import io
import json
import logging
import os
import select
import sys
from collections.abc import Iterator
from typing import TextIO

import pytest

from viktorlite.app.install_progress import InstallProgress
from viktorlite.cli.banner import redact
from viktorlite.jobs import context as job_context
from viktorlite.log_format import JsonFormatter, TextFormatter, colour_wanted


@pytest.fixture
def pty() -> Iterator[tuple[TextIO, int]]:
    """A real pseudo-terminal: the stream a process writes to, and the fd its screen reads."""
    screen, terminal_fd = os.openpty()
    stream = os.fdopen(terminal_fd, "w")
    yield stream, screen
    stream.close()
    os.close(screen)


def read_screen(screen: int) -> str:
    """Everything written to the terminal so far (a pty hands it over in pieces)."""
    shown = b""
    while select.select([screen], [], [], 0.5)[0]:
        shown += os.read(screen, 65536)
    return shown.decode()


def record(message: str, level: int = logging.INFO, **extra: object) -> logging.LogRecord:
    entry = logging.makeLogRecord({"msg": message, "levelno": level, "levelname": logging.getLevelName(level)})
    entry.__dict__.update(extra)
    return entry


def test_colour_only_on_a_terminal_and_never_with_no_color(pty: tuple[TextIO, int], monkeypatch: pytest.MonkeyPatch):
    terminal = pty[0]
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert colour_wanted(terminal)
    assert not colour_wanted(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not colour_wanted(terminal)


def test_text_lines_name_the_role_and_drop_colour_codes_from_messages_when_plain():
    plain = TextFormatter("worker-2", colour=False).format(record("\x1b[32mJob OK\x1b[39;49;00m", logging.WARNING))
    assert plain.endswith("WARNI worker-2  Job OK")
    coloured = TextFormatter("web", colour=True).format(record("hello", logging.ERROR))
    assert "\x1b[31;1mERROR" in coloured and "\x1b[34mweb" in coloured
    assert TextFormatter("serve", colour=False).format(record("up", role="redis")).endswith("INFO  redis     up")


def test_lines_logged_inside_a_job_name_the_job_entity_and_method():
    job = job_context.JobContext(
        app="a",
        job_id="1a2b3c4d5e6f",
        connection=None,  # type: ignore[arg-type]
        entity_id=7,
        entity_type="Beam",
        entity_name="B",
        workspace_id=1,
        method="get_plot",
        trigger="view",
        production=False,
        worker="worker-1",
    )
    job_context.enter(job)
    try:
        text = TextFormatter("worker-1", colour=False).format(record("finished"))
        entry = json.loads(JsonFormatter("worker-1").format(record("finished", fields={"seconds": 0.5})))
    finally:
        job_context.enter(None)
    assert "[Beam #7 get_plot, job 1a2b3c4d] finished" in text
    assert entry["job_id"] == "1a2b3c4d5e6f" and entry["entity_id"] == 7 and entry["method"] == "get_plot"
    assert entry["role"] == "worker-1" and entry["level"] == "info" and entry["seconds"] == 0.5


def test_a_json_line_carries_the_exception():
    try:
        raise ValueError("bad input")
    except ValueError:
        failed = logging.makeLogRecord({"msg": "job failed", "levelno": 40, "levelname": "ERROR"})
        failed.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter("worker-1").format(failed))
    assert "ValueError: bad input" in entry["exception"]


def test_redis_passwords_never_reach_the_banner():
    assert redact("redis://:s3cret@redis.internal:6379/0") == "redis://:***@redis.internal:6379/0"
    assert redact("rediss://app:s3cret@host/1") == "rediss://app:***@host/1"
    assert redact("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


PIP_OUTPUT = """\
Processing /work/viktorlite
Collecting numpy (from -r requirements.txt)
Requirement already satisfied: click>=8.1 in ./env/lib/python3.11/site-packages
Collecting pandas
Installing collected packages: numpy, pandas, viktorlite
Successfully installed numpy-2.0.0 pandas-2.2.0 viktorlite-0.1.0
"""


def test_install_progress_is_plain_lines_off_a_terminal():
    out = io.StringIO()
    progress = InstallProgress(out)
    progress.step("creating the environment")
    for line in PIP_OUTPUT.splitlines():
        progress.pip_line(line)
    assert out.getvalue().splitlines() == [
        "[1/2] creating the environment",
        "      collecting /work/viktorlite",
        "      collecting numpy",
        "      collecting pandas",
        "      installing 3 packages…",
        "      installed 3 packages",
    ]
    assert progress.pip_output == PIP_OUTPUT.splitlines()


def test_install_progress_redraws_one_line_on_a_terminal(pty: tuple[TextIO, int]):
    terminal, screen = pty
    progress = InstallProgress(terminal)
    for line in PIP_OUTPUT.splitlines()[:4]:
        progress.pip_line(line)
    progress.step("installing")
    shown = read_screen(screen)
    redraws = shown.split("\r\x1b[K")
    assert [part.strip() for part in redraws[1:4]] == [
        "resolving: 1 packages (/work/viktorlite)",
        "resolving: 2 packages (numpy)",
        "resolving: 3 packages (click>=8.1)",
    ]
    assert "resolving: 4 packages (pandas)" in redraws[4] and "[1/2] installing" in redraws[4]
