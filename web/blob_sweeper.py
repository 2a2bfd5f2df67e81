"""The web process's sweep of the blob store: objects that no metadata names any more are deleted.

Uploads no params kept and result files expire in Redis by TTL, which an S3 bucket or a shared
directory never hears of; this loop collects their bytes (viktorlite.store.blobs.BlobStore.sweep:
resumable, and it spares objects younger than an hour, which may still be being committed).
Started only when the blob store is not Redis (web/app.py).
"""

from __future__ import annotations

import anyio

from viktorlite.store.blobs import BlobStore

from .services import Services

#: Seconds between two sweeps; each looks at a bounded number of objects.
BLOB_SWEEP_INTERVAL = 600.0
BLOB_SWEEP_LIMIT = 10_000


async def sweep_blobs_once(services: Services) -> None:
    store = BlobStore(services.redis, services.app_name)
    await anyio.to_thread.run_sync(lambda: store.sweep(limit=BLOB_SWEEP_LIMIT))
