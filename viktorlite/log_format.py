"""How every viktorlite process logs: readable coloured lines for people, JSON lines for machines.

``serve`` starts Redis, a web process and workers that all write to the same terminal, so each
line names the process it came from (``web``, ``worker-1``, ``redis``, ``serve``) and, inside a
job, the job, entity and method it belongs to. The format is chosen with ``--log-format`` or
``VIKTORLITE_LOG_FORMAT``; ``serve`` hands its choice to its children through that variable.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from viktorlite.jobs import context as job_context

LOG_FORMATS = ("text", "json")
LOG_FORMAT_ENV = "VIKTORLITE_LOG_FORMAT"
#: ANSI escape sequences, which some libraries (RQ) put into their messages on a terminal.
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_RESET = "\x1b[0m"
_DIM = "\x1b[2m"
_LEVEL_COLOURS = {
    logging.DEBUG: "\x1b[2m",
    logging.INFO: "\x1b[32m",
    logging.WARNING: "\x1b[33m",
    logging.ERROR: "\x1b[31;1m",
    logging.CRITICAL: "\x1b[41;97m",
}
_ROLE_COLOURS = {"web": "\x1b[34m", "redis": "\x1b[31m", "serve": "\x1b[35m"}
_WORKER_COLOUR = "\x1b[36m"
#: LogRecord attributes that are not extra fields a caller added.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "role", "fields"}


def colour_wanted(stream: TextIO) -> bool:
    """Colours only for a person at a terminal who has not asked for none (https://no-color.org)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def _job_fields() -> dict[str, Any]:
    """Which job, entity and method a line logged inside a running job belongs to."""
    job = job_context.running()
    if job is None:
        return {}
    return {
        "job_id": job.job_id,
        "entity_type": job.entity_type,
        "entity_id": job.entity_id,
        "method": job.method,
        "trigger": job.trigger,
    }


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """Structured fields of a record: ``extra={"fields": {...}}`` plus any plain ``extra`` keys."""
    fields = dict(getattr(record, "fields", None) or {})
    fields.update({k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRIBUTES})
    return fields


class TextFormatter(logging.Formatter):
    """``12:04:31 INFO  worker-1  [Beam #3 get_plot, job 1a2b3c4d] message``, coloured on a terminal."""

    def __init__(self, role: str, *, colour: bool) -> None:
        super().__init__()
        self.role = role
        self.colour = colour

    def _paint(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.colour else text

    def format(self, record: logging.LogRecord) -> str:
        role = getattr(record, "role", None) or self.role
        time = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        level = record.levelname[:5].ljust(5)
        role_colour = _WORKER_COLOUR if role.startswith("worker") else _ROLE_COLOURS.get(role, "")
        message = record.getMessage()
        if not self.colour:
            message = _ANSI.sub("", message)
        job = _job_fields()
        if job:
            where = f"{job['entity_type']} #{job['entity_id']} {job['method']}, job {job['job_id'][:8]}"
            message = f"{self._paint(_DIM, '[' + where + ']')} {message}"
        line = (
            f"{self._paint(_DIM, time)} {self._paint(_LEVEL_COLOURS.get(record.levelno, ''), level)} "
            f"{self._paint(role_colour, role.ljust(9))} {message}"
        )
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, role, logger, message, job fields and extra fields."""

    def __init__(self, role: str) -> None:
        super().__init__()
        self.role = role

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "role": getattr(record, "role", None) or self.role,
            "logger": record.name,
            "message": _ANSI.sub("", record.getMessage()),
            **_job_fields(),
            **_fields(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(log_format: str, role: str, *, level: int = logging.INFO) -> None:
    """Send every logger (uvicorn's and RQ's too) through one handler on stderr in ``log_format``."""
    stream = sys.stderr
    handler = logging.StreamHandler(stream)
    if log_format == "json":
        handler.setFormatter(JsonFormatter(role))
    else:
        handler.setFormatter(TextFormatter(role, colour=colour_wanted(stream)))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "rq.worker"):
        named = logging.getLogger(name)
        named.handlers.clear()
        named.propagate = True
