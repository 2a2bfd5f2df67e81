"""How much memory Redis uses, what for, and whether it is full.

Redis holds everything (entities, files, jobs), so its memory is what fills up. The embedded Redis
runs with a ``maxmemory`` and ``maxmemory-policy noeviction`` (viktorlite/cli/redis_maxmemory.py):
when it is full, writes are refused and nothing already saved is dropped. A refused write raises
an out-of-memory error, which the web process answers with 507 (web/errors.py).

:func:`usage` is one ``INFO memory`` (cheap enough for every dashboard push); :func:`by_kind`
reads ``MEMORY USAGE`` of a bounded ``SCAN`` sample of keys, on demand, and scales it to all keys.
"""

from __future__ import annotations

from typing import Any

from redis import Redis
from redis.exceptions import OutOfMemoryError, ResponseError

#: Keys whose memory :func:`by_kind` reads at most (a few milliseconds of Redis time).
SAMPLE_KEYS = 2000
#: The kinds of key, by where they sit below the app's prefix (first match wins).
KINDS = (
    ("files", (":blob:",)),
    ("memoize", (":memo:",)),
    ("jobs", (":job:", ":job-log", ":view:", ":recent-jobs", ":summary-requested:", ":dequeued-seen")),
    ("entities", (":entity:", ":entities", ":storage:")),
    ("sessions and logins", (":web-session:", ":failed-logins", ":sessions")),
    ("workers", (":worker:",)),
    ("app", (":manifest", ":initial-entities-applied", ":initial-entities-lock", ":web-lease")),
)


def is_out_of_memory(exc: BaseException) -> bool:
    """Redis refused a write because it is at its ``maxmemory`` (a script's refusal too)."""
    return isinstance(exc, OutOfMemoryError) or (
        isinstance(exc, ResponseError) and "OOM command not allowed" in str(exc)
    )


def usage_from_info(info: dict[str, Any]) -> dict[str, Any]:
    """``INFO memory`` as the dashboard shows it; ``max_bytes`` 0 means no limit."""
    used = int(info.get("used_memory", 0))
    limit = int(info.get("maxmemory", 0))
    return {
        "used_bytes": used,
        "max_bytes": limit,
        "policy": str(info.get("maxmemory_policy", "")),
        "peak_bytes": int(info.get("used_memory_peak", 0)),
        "full": bool(limit) and used >= limit,
    }


def usage(connection: Redis) -> dict[str, Any]:
    return usage_from_info(connection.info("memory"))


def megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB"


def describe_full(used: dict[str, Any] | None) -> str:
    """The message of a write refused because Redis is full."""
    if used and used["max_bytes"]:
        limits = f"maxmemory {megabytes(used['max_bytes'])}, used {megabytes(used['used_bytes'])}"
    else:
        limits = "maxmemory reached"
    return (
        f"Redis is full ({limits}): this change was not saved, and everything saved before is kept. "
        "Free space (delete entities or old files; finished jobs expire on their own) or give Redis more "
        "memory (VIKTORLITE_REDIS_MAXMEMORY for the embedded Redis, then restart serve)"
    )


def kind_of(key: str, prefix: str) -> str:
    if key.startswith("rq:"):
        return "jobs"
    if not key.startswith(prefix + ":"):
        return "other"
    rest = key[len(prefix) :]
    for kind, parts in KINDS:
        if any(part in rest for part in parts):
            return kind
    return "other"


def by_kind(connection: Redis, prefix: str, *, sample: int = SAMPLE_KEYS) -> dict[str, Any]:
    """Memory per kind of key, from at most ``sample`` keys, scaled to the whole database.

    ``exact`` is true when the sample held every key; otherwise each kind is an estimate.
    """
    total_keys = int(connection.dbsize())
    # SCAN may return a key twice (when Redis resizes its table between two calls): a key is counted once.
    seen: dict[str, None] = {}
    cursor = 0
    while True:
        cursor, found = connection.scan(cursor=cursor, count=500)
        seen.update(dict.fromkeys(k.decode() if isinstance(k, bytes) else str(k) for k in found))
        if cursor == 0 or len(seen) >= sample:
            break
    exact = cursor == 0 and len(seen) <= sample
    keys = list(seen)[:sample]
    with connection.pipeline(transaction=False) as pipe:
        for key in keys:
            pipe.memory_usage(key)
        sizes = pipe.execute(raise_on_error=False)
    kinds: dict[str, dict[str, float]] = {}
    for key, size in zip(keys, sizes, strict=True):
        entry = kinds.setdefault(kind_of(key, prefix), {"keys": 0, "bytes": 0})
        entry["keys"] += 1
        entry["bytes"] += size if isinstance(size, int) else 0
    scale = 1.0 if exact or not keys else total_keys / len(keys)
    rows = [
        {"kind": kind, "keys": round(e["keys"] * scale), "bytes": round(e["bytes"] * scale)}
        for kind, e in sorted(kinds.items(), key=lambda item: -item[1]["bytes"])
    ]
    return {**usage(connection), "total_keys": total_keys, "sampled_keys": len(keys), "exact": exact, "kinds": rows}
