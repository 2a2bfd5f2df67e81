"""A 300 MB file through each blob store, in a process of its own whose peak memory is measured.

One test per store kind: writing and reading back 300 MB must stream (peak ≤ 50 MB above the
process's memory just before), and the bytes read must be the bytes written.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

SIZE_MB = 300
LIMIT_MB = 50

_CHILD = r"""
import hashlib, json, os, sys
import redis
from viktorlite.store.blobs import BlobStore, CHUNK_SIZE

redis_url, blob_url, app, size_mb = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) // 1024
    raise KeyError(field)

block = os.urandom(CHUNK_SIZE)
store = BlobStore(redis.Redis.from_url(redis_url), app, blob_url)
store.delete(store.put(b"warm up: imports, connections"))
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # the peak (VmHWM) starts again from here
baseline = status("VmRSS:")
written = hashlib.sha256()

def chunks():
    for index in range(size_mb):
        chunk = index.to_bytes(8, "big") + block[8:]
        written.update(chunk)
        yield chunk

blob_id = store.put_chunks(chunks())
read = hashlib.sha256()
with store.open(blob_id) as stream:
    while piece := stream.read(CHUNK_SIZE):
        read.update(piece)
size = store.info(blob_id).size
store.delete(blob_id)
same = read.digest() == written.digest()
print(json.dumps({"baseline": baseline, "peak": status("VmHWM:"), "same": same, "size": size}))
"""


def test_a_300_mb_round_trip_streams_through_little_memory(redis_url, blob_url):
    app = f"big-{uuid.uuid4().hex[:8]}"
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, redis_url, blob_url, app, str(SIZE_MB)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["same"] and result["size"] == SIZE_MB << 20
    print(blob_url.split(":")[0], "peak over baseline MB:", result["peak"] - result["baseline"])
    assert result["peak"] - result["baseline"] <= LIMIT_MB, result
