"""A job's disk quota holds while other processes free space on the same filesystem (issue 15).

``DiskQuota.written`` skips its walk of the private disk while the whole filesystem grew by less than
the limit since the job started (one ``statvfs``). Space another process frees meanwhile (another
worker's job, or on the test machine another suite deleting its temporary files) hides what the job
wrote: test_a_job_writing_past_its_disk_limit_is_stopped_with_a_message_naming_the_setting[slow-writer]
saw a job write 40 MB past a 4 MB limit and finish, on a loaded machine shared with other suites.
The last look at a job's end therefore walks the disk, and the watch walks it every few seconds.
"""

from __future__ import annotations

import os
from pathlib import Path

from support import HANG, wait_until
from viktorlite.workers.disk_usage import measure
from viktorlite.workers.horse_watch import _DiskWatch
from viktorlite.workers.job_limits import DiskQuota, JobLimits, filesystem_used

MB = 1 << 20


def test_a_job_past_its_limit_is_caught_while_another_process_frees_space(tmp_path: Path):
    disk, elsewhere = tmp_path / "disk", tmp_path / "elsewhere"  # one filesystem, as on a shared machine
    disk.mkdir()
    elsewhere.mkdir()
    (elsewhere / "old").write_bytes(os.urandom(16 * MB))
    os.sync()
    limits = JobLimits(seconds=10, memory_mb=100, disk_mb=2)
    quota = DiskQuota(disk, measure(disk).allocated_bytes, limits, filesystem_used(disk))
    (disk / "written-by-the-job").write_bytes(os.urandom(6 * MB))
    (elsewhere / "old").unlink()  # another process frees more than the job wrote
    os.sync()
    error = quota.exceeded()
    assert error is not None and "more than its disk limit (2 MB)" in error["message"]


def test_the_watch_of_a_running_job_walks_its_disk_while_another_process_frees_space(tmp_path: Path):
    disk, elsewhere = tmp_path / "disk", tmp_path / "elsewhere"
    disk.mkdir()
    elsewhere.mkdir()
    # Much more freed than the rest of a busy machine writes meanwhile, so only a walk can tell.
    with open(elsewhere / "old", "wb") as old:
        os.posix_fallocate(old.fileno(), 0, 512 * MB)
    os.sync()
    limits = JobLimits(seconds=None, memory_mb=100, disk_mb=2)
    watch = _DiskWatch(DiskQuota(disk, measure(disk).allocated_bytes, limits, filesystem_used(disk)))
    watch.start()
    try:
        (disk / "written-by-the-job").write_bytes(os.urandom(6 * MB))
        (elsewhere / "old").unlink()
        os.sync()
        wait_until(lambda: watch.over, HANG, "the watch to see the job past its disk limit")
    finally:
        watch.stop()
