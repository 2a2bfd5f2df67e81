"""The embedded Redis' memory limit: full means refused writes (507), never dropped data.

Redis keeps every key in memory, so without a limit a flood of uploads or jobs grows it until the
kernel's OOM killer ends it (or a worker). ``VIKTORLITE_REDIS_MAXMEMORY`` sets the limit: a share
of the machine's memory (``50%``, the default), a size in Redis' notation (``512mb``, ``4gb``,
bytes), or ``0`` for none. The policy is always ``noeviction``: Redis refuses writes past the
limit instead of evicting keys, because every key may be a saved revision or file.
"""

from __future__ import annotations

import os
import re

ENV = "VIKTORLITE_REDIS_MAXMEMORY"
DEFAULT = "50%"
POLICY = "noeviction"
_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1024, "m": 1000**2, "mb": 1024**2, "g": 1000**3, "gb": 1024**3}
_SIZE = re.compile(r"(\d+)\s*(b|k|kb|m|mb|g|gb)?", re.IGNORECASE)
_SHARE = re.compile(r"(\d+(?:\.\d+)?)\s*%")


class MaxmemorySettingError(ValueError):
    """``VIKTORLITE_REDIS_MAXMEMORY`` is neither a share, a size nor 0."""


def physical_memory() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def maxmemory_bytes(setting: str | None = None) -> int:
    """The limit in bytes (0: none) for ``setting`` (default: the environment, else 50 %)."""
    raw = (setting if setting is not None else os.environ.get(ENV, "")).strip() or DEFAULT
    share = _SHARE.fullmatch(raw)
    if share:
        percent = float(share.group(1))
        if not 0 < percent <= 100:
            raise MaxmemorySettingError(f"{ENV}: a share of memory must be above 0 % and at most 100 %, not {raw!r}")
        return int(physical_memory() * percent / 100)
    size = _SIZE.fullmatch(raw)
    if size is None:
        raise MaxmemorySettingError(
            f"{ENV} must be a share of memory (50%), a size (512mb, 4gb, bytes) or 0 for no limit, not {raw!r}"
        )
    return int(size.group(1)) * _UNITS[(size.group(2) or "").lower()]


def maxmemory_arguments(setting: str | None = None) -> list[str]:
    """The ``redis-server`` arguments that set the limit and the no-eviction policy."""
    return ["--maxmemory", str(maxmemory_bytes(setting)), "--maxmemory-policy", POLICY]
