"""Uploads expire unless saved params name them; once a kept revision names one, it never expires.

A file picked in the editor and then abandoned (the params never saved, the entity upload never
made into an entity) would otherwise stay in Redis for good, up to the upload limit each. So an
upload is stored with a time to live (:func:`orphan_upload_seconds`, 24 h unless
``VIKTORLITE_ORPHAN_UPLOAD_HOURS`` says otherwise; 0 keeps orphans forever), and saving params that
name it (a new revision, a new entity, a file entity's own file) removes that time to live in the
same server-side step that keeps the params. Revisions are never rewritten or dropped (only
deleting their entity removes them), so nothing ever needs to put the time to live back.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable

from viktorlite.store.keys import Keys

ENV = "VIKTORLITE_ORPHAN_UPLOAD_HOURS"
DEFAULT_HOURS = 24.0
_BLOB_ID = re.compile(r"[0-9a-f]{32}")
_FILE_ID = re.compile(r'"file_id": "([0-9a-f]{32})"')


class UploadLifetimeError(ValueError):
    """``VIKTORLITE_ORPHAN_UPLOAD_HOURS`` is not a number of hours."""


def orphan_upload_seconds() -> int | None:
    """How long an upload no saved params name is kept (None: for good)."""
    raw = os.environ.get(ENV, "").strip()
    try:
        hours = float(raw) if raw else DEFAULT_HOURS
    except ValueError:
        raise UploadLifetimeError(f"{ENV} must be a number of hours (0: keep for good), not {raw!r}") from None
    if hours < 0 or not math.isfinite(hours):
        raise UploadLifetimeError(f"{ENV} must be 0 or more hours, not {raw!r}")
    seconds = round(hours * 3600)
    return seconds or None


def referenced_blob_ids(params_json: str, *also: str | None) -> list[str]:
    """The blob ids saved params name (a FileField value ``{"file_id": ...}`` anywhere) and ``also``, once each.

    Read from the params' JSON text as saved (``json.dumps``' default separators), not by walking
    the decoded params: a regular expression over the text costs a fraction of a save, a walk in
    Python half as much again as the save itself for a large table. Inside a JSON string every
    quote is escaped, so only a real ``"file_id"`` key matches.
    """
    found = dict.fromkeys(_FILE_ID.findall(params_json))
    found.update(dict.fromkeys(i for i in also if i and _BLOB_ID.fullmatch(i)))
    return list(found)


def kept_blob_keys(keys: Keys, blob_ids: Iterable[str]) -> list[str]:
    """The keys :data:`KEEP_UPLOADS` takes, in pairs: each blob's metadata, then its chunks."""
    return [key for blob_id in blob_ids for key in (keys.blob(blob_id), keys.blob_chunks(blob_id))]


#: Lua, for a script whose KEYS from ``first`` on are :func:`kept_blob_keys`: removes the time to
#: live of the blobs that are uploads. Only uploads: a result blob's id in params (a crafted save)
#: must not keep a result past its own expiry. PERSIST is no write Redis refuses when full.
KEEP_UPLOADS = """
for i = {first}, #KEYS, 2 do
  local meta = redis.call('GET', KEYS[i])
  if meta and string.find(meta, '"uploaded": true', 1, true) then
    redis.call('PERSIST', KEYS[i])
    redis.call('PERSIST', KEYS[i + 1])
  end
end
"""
