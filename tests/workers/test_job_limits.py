"""The pieces of job isolation that need no worker: the bounded disk walk, exit naming, the disk setting."""

from __future__ import annotations

import os
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from viktorlite.app.config import AppConfigError, read_config
from viktorlite.jobs.settings import JobSettings
from viktorlite.workers import disk_usage
from viktorlite.workers.disk_usage import allocated_soon, measure
from viktorlite.workers.job_limits import DiskQuota, JobLimits, exit_error
from viktorlite.workers.job_tree import find_cgroups
from viktorlite.workers.limits import address_space_bytes


def test_the_walk_keeps_the_largest_files_first_and_counts_all(tmp_path: Path):
    for index in range(20):
        (tmp_path / f"f{index:02}").write_bytes(b"x" * index)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "big").write_bytes(b"x" * 1000)
    (tmp_path / "link").symlink_to("sub")  # not followed: an entry of 3 bytes, its folder counted once
    usage = measure(tmp_path, top=3)
    assert [path for _, path in usage.largest] == ["sub/big", "f19", "f18"]
    assert (usage.files, usage.folders, usage.truncated) == (22, 1, False)
    assert usage.total_bytes == 1000 + sum(range(20)) + 3


def test_the_walk_stops_at_its_budget_and_says_so(tmp_path: Path):
    for index in range(50):
        (tmp_path / f"f{index}").touch()
    usage = measure(tmp_path, max_entries=10)
    assert usage.truncated and usage.files == 10


class CountingWalker(ThreadPoolExecutor):
    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self.walks = 0

    def submit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.walks += 1
        return super().submit(*args, **kwargs)


def test_a_small_disk_is_walked_at_once_and_a_large_one_beside_the_worker(tmp_path: Path, monkeypatch):
    """The next job's baseline: a thread walking beside the worker's dequeue costs each job about a
    millisecond (issue 18), so a disk of few files is walked at once; one of many still on the thread."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "app.py").write_bytes(b"x" * 5000)
    with CountingWalker() as walker:
        small = allocated_soon(tmp_path, walker)
        assert small.done() and walker.walks == 0
        assert small.result() == measure(tmp_path).allocated_bytes
        monkeypatch.setattr(disk_usage, "QUICK_ENTRIES", 1)
        large = allocated_soon(tmp_path, walker)
        assert walker.walks == 1 and large.result() == measure(tmp_path).allocated_bytes


def test_the_quota_counts_what_the_job_added(tmp_path: Path):
    (tmp_path / "before").write_bytes(os.urandom(3 << 20))
    limits = JobLimits(seconds=1, memory_mb=100, disk_mb=2)
    quota = DiskQuota(tmp_path, measure(tmp_path).allocated_bytes, limits)
    assert quota.exceeded() is None  # what was there before does not count
    (tmp_path / "added").write_bytes(os.urandom(3 << 20))
    error = quota.exceeded()
    assert error is not None and "more than its disk limit (2 MB)" in error["message"]
    assert "job_disk_mb" in error["message"]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (3 << 8, "The app's code ended the process with exit code 3 before the job finished."),
        (signal.SIGKILL, "The process running this job was killed before it finished."),
        (signal.SIGSEGV, "The process running this job was killed by SIGSEGV before it finished."),
    ],
)
def test_exit_statuses_are_named(status: int, message: str):
    assert exit_error(status)["message"] == message


def test_the_disk_limit_is_a_strict_setting(tmp_path: Path):
    (tmp_path / "app.py").write_text("import viktor as vkt\n\nclass Beam(vkt.Controller):\n    pass\n")
    config = tmp_path / "viktor.config.toml"
    config.write_text('app_type = "simple"\n[viktorlite]\njob_disk_mb = 7\n')
    assert read_config(tmp_path).jobs.disk_mb == 7
    config.write_text('app_type = "simple"\n[viktorlite]\njob_disk_mb = "lots"\n')
    with pytest.raises(AppConfigError, match="job_disk_mb must be a whole number >= 1"):
        read_config(tmp_path)
    assert JobSettings.from_json({"timeout": 1, "memory_mb": 2, "timeouts": {}, "retry_safe": []}).disk_mb == 1024


def test_cgroups_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("VIKTORLITE_JOB_CGROUPS", "0")
    assert find_cgroups() == []


def test_the_address_space_a_horse_is_limited_from_is_its_virtual_memory_size():
    status = Path("/proc/self/status").read_text()
    vm_size = next(int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmSize:"))
    assert abs(address_space_bytes() - vm_size) <= 1024 * 1024  # read a moment apart
