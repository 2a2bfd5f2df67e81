"""Polling until something is true: how the benchmarks wait for workers, manifests and job ends."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait(predicate: Callable[[], object], timeout: float = 60, interval: float = 0.01) -> float:
    """Poll ``predicate`` until it is truthy; return the seconds that took, or raise TimeoutError."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise TimeoutError
        time.sleep(interval)
    return time.monotonic() - start
