"""Helpers the tests share (importable as ``support``: pytest puts tests/ on sys.path)."""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import redis

from viktorlite.manifest import read_manifest

APPS = Path(__file__).parent / "apps"
SAMPLE_APPS = Path(__file__).parent.parent / "sample_apps"


def copy_app(source: Path, parent: Path) -> Path:
    """A copy of an app under a unique name, so tests never share Redis keys."""
    target = parent / f"{source.name}-{uuid.uuid4().hex[:8]}"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".viktorlite", "__pycache__"))
    return target


def wait_until(predicate: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def wait_for_manifest(client: redis.Redis, name: str, timeout: float = 30.0) -> dict:
    wait_until(lambda: read_manifest(client, name) is not None, timeout, f"a manifest for {name}")
    manifest = read_manifest(client, name)
    assert manifest is not None
    return manifest
