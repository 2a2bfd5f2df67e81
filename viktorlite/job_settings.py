"""How long a job may run, how much memory it may use, and which jobs may be retried.

Read from the ``[viktorlite]`` table of ``viktor.config.toml`` (the platform ignores it), so an app
stays unmodified::

    [viktorlite]
    job_timeout = 300          # seconds, every job of the app
    job_memory_mb = 2048       # per job, on top of what the worker already uses
    retry_safe = ["results"]   # methods that may run again if their worker dies mid-job

    [viktorlite.timeouts]
    slow_analysis = 1800       # seconds, for this view or button only
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_TIMEOUT = 300
DEFAULT_MEMORY_MB = 2048


class JobSettingsError(ValueError):
    """A ``[viktorlite]`` job setting is not usable; the message names it."""


def _positive_int(table: dict[str, Any], key: str, default: int, where: str) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise JobSettingsError(f"{where}{key} must be a whole number >= 1, not {value!r}")
    return value


@dataclass(frozen=True)
class JobSettings:
    timeout: int = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    timeouts: dict[str, int] = field(default_factory=dict)
    retry_safe: tuple[str, ...] = ()

    def timeout_for(self, method: str) -> int:
        return self.timeouts.get(method, self.timeout)

    def to_json(self) -> dict[str, Any]:
        return {
            "timeout": self.timeout,
            "memory_mb": self.memory_mb,
            "timeouts": dict(self.timeouts),
            "retry_safe": list(self.retry_safe),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> JobSettings:
        """Read settings back from a manifest (written by :meth:`to_json`, so already checked)."""
        if not data:
            return cls()
        return cls(data["timeout"], data["memory_mb"], dict(data["timeouts"]), tuple(data["retry_safe"]))

    @classmethod
    def from_table(cls, table: dict[str, Any]) -> JobSettings:
        """Parse and check the ``[viktorlite]`` table of viktor.config.toml."""
        timeouts = table.get("timeouts", {})
        if not isinstance(timeouts, dict):
            raise JobSettingsError("[viktorlite.timeouts] must be a table of method = seconds")
        retry_safe = table.get("retry_safe", [])
        if not isinstance(retry_safe, list) or not all(isinstance(m, str) for m in retry_safe):
            raise JobSettingsError("[viktorlite] retry_safe must be a list of method names")
        return cls(
            timeout=_positive_int(table, "job_timeout", DEFAULT_TIMEOUT, "[viktorlite] "),
            memory_mb=_positive_int(table, "job_memory_mb", DEFAULT_MEMORY_MB, "[viktorlite] "),
            timeouts={m: _positive_int(timeouts, m, DEFAULT_TIMEOUT, "[viktorlite.timeouts] ") for m in timeouts},
            retry_safe=tuple(retry_safe),
        )
