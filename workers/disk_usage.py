"""How much a private disk holds, by a walk that stops where it is told to.

Two readers: the per-job disk quota (bytes the disk holds, compared before and during a job) and
the dashboard's listing (the largest files and counts). Neither may take unbounded time on a disk
a job filled with files, so the walk takes an entry budget and says when it ran out.
"""

from __future__ import annotations

import heapq
import os
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path

#: Entries a walk visits before it stops and reports itself truncated.
MAX_ENTRIES = 200_000
#: Entries :func:`allocated_soon` walks at once before it leaves the walk to a thread (about a
#: millisecond's walk).
QUICK_ENTRIES = 1_000


@dataclass
class DiskUsage:
    #: What the files take on the disk (allocated blocks): what the quota counts.
    allocated_bytes: int = 0
    #: The files' sizes as ``ls`` shows them: what the dashboard shows.
    total_bytes: int = 0
    files: int = 0
    folders: int = 0
    #: The walk stopped early (entry budget or ``stop_above``): the counts are at least these.
    truncated: bool = False
    #: The largest files, largest first: (size, path relative to the root).
    largest: list[tuple[int, str]] = field(default_factory=list)


def measure(root: Path, *, top: int = 0, max_entries: int = MAX_ENTRIES, stop_above: int | None = None) -> DiskUsage:
    """Walk ``root`` (symbolic links are not followed); keep the ``top`` largest files.

    ``stop_above``: stop as soon as the allocated bytes pass this (the quota only needs to know that).
    """
    usage = DiskUsage()
    heap: list[tuple[int, str]] = []
    stack = [str(root)]
    seen = 0
    prefix = len(str(root)) + 1
    while stack:
        try:
            entries = os.scandir(stack.pop())
        except OSError:
            continue  # removed meanwhile, or unreadable: a job's disk changes while it is walked
        with entries:
            for entry in entries:
                seen += 1
                if seen > max_entries or (stop_above is not None and usage.allocated_bytes > stop_above):
                    usage.truncated = True
                    break
                try:
                    stat = entry.stat(follow_symlinks=False)
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    continue
                usage.allocated_bytes += stat.st_blocks * 512
                if is_dir:
                    usage.folders += 1
                    stack.append(entry.path)
                    continue
                usage.files += 1
                usage.total_bytes += stat.st_size
                if top:
                    item = (stat.st_size, entry.path[prefix:])
                    if len(heap) < top:
                        heapq.heappush(heap, item)
                    elif item > heap[0]:
                        heapq.heapreplace(heap, item)
        if usage.truncated:
            break
    usage.largest = sorted(heap, reverse=True)
    return usage


def allocated_soon(root: Path, walker: Executor) -> Future[int]:
    """The bytes ``root`` holds (a worker's next baseline for the disk quota): walked at once when the
    disk has at most :data:`QUICK_ENTRIES` entries, else walked on ``walker``.

    Most private disks hold a few files, walked in a tenth of a millisecond; a thread walking them
    beside the worker's next dequeue costs the job more than that in hand-overs of the interpreter
    lock (1.2 ms a job in issue 18's timeline). A disk of many files would hold the worker up for
    longer, and is walked beside it as before.
    """
    quick = measure(root, max_entries=QUICK_ENTRIES)
    if quick.truncated:
        return walker.submit(lambda: measure(root).allocated_bytes)
    walked: Future[int] = Future()
    walked.set_result(quick.allocated_bytes)
    return walked
