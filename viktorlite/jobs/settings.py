"""How long a job may run, how much memory it may use, and which jobs may be retried.

Read from the ``[viktorlite]`` table of ``viktor.config.toml`` (the platform ignores it), so an app
stays unmodified; the table is checked by viktorlite.app.config's model::

    [viktorlite]
    job_timeout = 300          # seconds, every job of the app
    job_memory_mb = 2048       # per job (all its processes), on top of what the worker already uses
    job_disk_mb = 1024         # per job: what it may add to its worker's private disk
    retry_safe = ["results"]   # methods that may run again if their worker dies mid-job

    [viktorlite.timeouts]
    slow_analysis = 1800       # seconds, for this view or button only
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_TIMEOUT = 300
DEFAULT_MEMORY_MB = 2048
DEFAULT_DISK_MB = 1024


@dataclass(frozen=True)
class JobSettings:
    timeout: int = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    timeouts: dict[str, int] = field(default_factory=dict)
    retry_safe: tuple[str, ...] = ()
    disk_mb: int = DEFAULT_DISK_MB

    def timeout_for(self, method: str) -> int:
        return self.timeouts.get(method, self.timeout)

    def to_json(self) -> dict[str, Any]:
        return {
            "timeout": self.timeout,
            "memory_mb": self.memory_mb,
            "timeouts": dict(self.timeouts),
            "retry_safe": list(self.retry_safe),
            "disk_mb": self.disk_mb,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> JobSettings:
        """Read settings back from a manifest (written by :meth:`to_json`, so already checked)."""
        if not data:
            return cls()
        return cls(
            data["timeout"],
            data["memory_mb"],
            dict(data["timeouts"]),
            tuple(data["retry_safe"]),
            data.get("disk_mb", DEFAULT_DISK_MB),  # a manifest written before the disk limit existed
        )
