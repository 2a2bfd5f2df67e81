"""Per-job resource limits, applied in the work horse so a runaway job cannot take the worker down."""

from __future__ import annotations

import resource
from pathlib import Path

MB = 1024 * 1024


def address_space_bytes() -> int:
    """This process's current virtual memory size (Linux ``VmSize``), or 0 where unknown."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def limit_memory(extra_mb: int) -> None:
    """Let this process grow by at most ``extra_mb`` MB of address space; past that, MemoryError."""
    current = address_space_bytes()
    if current == 0:
        return
    limit = current + extra_mb * MB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def memory_error(limit_mb: int) -> dict[str, str]:
    return {
        "kind": "system",
        "message": f"The job used more than its memory limit ({limit_mb} MB) and was stopped. "
        "Raise [viktorlite] job_memory_mb in viktor.config.toml if it really needs more.",
    }
