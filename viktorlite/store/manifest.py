"""The app's manifest in Redis: what the web process may know about an app without importing it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from redis import Redis

from viktorlite.store.keys import Keys


def manifest_version(manifest: dict[str, Any]) -> str:
    """Changes when the manifest changes, and so with the app's files (its ``code_version``):
    open editors rebuild then. Workers that load the same files publish the same version."""
    text = json.dumps({key: value for key, value in manifest.items() if key != "version"}, sort_keys=True)
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def publish_manifest(connection: Redis, manifest: dict[str, Any]) -> None:
    """Store the manifest and announce its version (the web process forwards it to open pages)."""
    keys = Keys(manifest["app"])
    version = manifest.setdefault("version", manifest_version(manifest))
    connection.set(keys.manifest, json.dumps(manifest))
    connection.publish(keys.manifest_channel, version)


def read_manifest(connection: Redis, app: str) -> dict[str, Any] | None:
    raw = connection.get(Keys(app).manifest)
    return json.loads(raw) if raw is not None else None
