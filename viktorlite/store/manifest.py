"""The app's manifest in Redis: what the web process may know about an app without importing it.

Its shape is :mod:`viktorlite.protocol.manifest`; a worker publishes the model, readers get it
back validated.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from redis import Redis

from viktorlite.protocol.manifest import MANIFEST, AppManifest, LoadErrorManifest
from viktorlite.store.keys import Keys


def manifest_version(manifest: dict[str, Any]) -> str:
    """Changes when the manifest changes, and so with the app's files (its ``code_version``):
    open editors rebuild then. Workers that load the same files publish the same version."""
    text = json.dumps({key: value for key, value in manifest.items() if key != "version"}, sort_keys=True)
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def manifest_json(manifest: AppManifest | LoadErrorManifest) -> dict[str, Any]:
    """The manifest as published: the keys its builder set, and its version."""
    data = manifest.model_dump(mode="json", exclude_unset=True)
    data.setdefault("version", manifest_version(data))
    return data


def publish_manifest(connection: Redis, manifest: AppManifest | LoadErrorManifest) -> None:
    """Store the manifest and announce its version (the web process forwards it to open pages)."""
    data = manifest_json(manifest)
    keys = Keys(data["app"])
    connection.set(keys.manifest, json.dumps(data))
    connection.publish(keys.manifest_channel, data["version"])


def parse_manifest(raw: str | bytes) -> AppManifest | LoadErrorManifest:
    """A stored manifest, validated (``pydantic.ValidationError`` when it is not one)."""
    return MANIFEST.validate_json(raw)


def read_manifest(connection: Redis, app: str) -> dict[str, Any] | None:
    """The published manifest as stored, checked against the protocol; None before any is published."""
    raw = connection.get(Keys(app).manifest)
    if raw is None:
        return None
    parse_manifest(raw)
    data: dict[str, Any] = json.loads(raw)
    return data
