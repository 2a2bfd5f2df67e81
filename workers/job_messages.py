"""User messages and progress of the running job: pushed live to the editor, kept in the job log.

The work horse points ``viktor.core._message_sink`` here (:func:`install`). ``UserMessage``
info/warning/success messages are kept in the job's outcome and in the entity's job log;
``progress_message`` updates are only pushed (the platform keeps them out of the job log).
Both go out on the job's pub/sub channel, which the web process forwards as SSE events.
"""

from __future__ import annotations

import json
import logging
import math
import time
from datetime import UTC, datetime
from typing import Any

from viktorlite.jobs.context import JobContext
from viktorlite.sdk import core
from viktorlite.store.keys import Keys

log = logging.getLogger(__name__)

_KINDS = ("info", "warning", "success")
#: At most one progress update per this many seconds reaches the editor (50 a second).
PROGRESS_INTERVAL_SECONDS = 0.02


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _percentage(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return min(max(number, 0.0), 100.0) if math.isfinite(number) else None


def install(context: JobContext) -> None:
    """Route the SDK's messages of this job to the editor (called in the work horse)."""

    last_progress = [0.0]

    def sink(kind: str, message: str, percentage: float | None = None) -> None:
        if kind == "progress":
            now = time.monotonic()
            pct = _percentage(percentage)
            if now - last_progress[0] < PROGRESS_INTERVAL_SECONDS and pct != 100.0:
                return  # a loop reporting faster than anyone can read is thinned out, never slowed down
            last_progress[0] = now
            event: dict[str, Any] = {"event": "progress", "message": message, "percentage": pct}
        else:
            kind = kind if kind in _KINDS else "info"
            context.messages.append({"kind": kind, "message": message, "at": _now()})
            event = {"event": "message", "kind": kind, "message": message}
        try:
            context.connection.publish(Keys(context.app).job_events(context.job_id), json.dumps(event))
        except Exception:  # noqa: BLE001 - a lost live update must never fail the app's job
            log.warning("could not publish a %s message of job %s", kind, context.job_id, exc_info=True)

    core._message_sink = sink


def uninstall() -> None:
    core._message_sink = None
