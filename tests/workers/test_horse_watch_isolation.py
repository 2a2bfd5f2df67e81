"""Hostile jobs against real workers: none may outlive, outgrow or out-write its limits (issue 16, items 1-5).

The app (tests/apps/isolation) sets a 300 MB memory limit, a 4 MB disk limit and 2 s time limits.
Jobs that start processes write their pids to their worker's disk; after the job ended, none of
them may be alive (checked in /proc, waiting with a hang guard). Where the machine has writable
cgroups, the tests that count processes and memory run twice: with the job's cgroup and with the
fallback (own session + the worker as subreaper + a /proc sweep + polled tree memory).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support import wait_until

WAIT = 120  # a hang guard, never a measure: every job here ends in seconds


def start(client, entity_id: int, method: str, **params) -> str:
    response = client.post(f"/api/entities/{entity_id}/jobs", json={"method": method, "params": params})
    assert response.status_code == 202, response.text
    return response.json()["job_id"]


def ended(client, job_id: str) -> dict:
    described = client.get(f"/api/jobs/{job_id}", params={"wait": WAIT}).json()
    assert described["status"] in ("finished", "failed", "stopped"), described
    return described


def run(client, entity_id: int, method: str, **params) -> dict:
    return ended(client, start(client, entity_id, method, **params))


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] != "Z"


def job_pids(running, tag: str) -> list[int]:
    pids = []
    for pid_file in (running.data_dir / "workers").glob(f"*/app/pids-{tag}.txt"):
        pids += [int(line) for line in pid_file.read_text().split()]
    return pids


def assert_all_gone(running, tag: str, expected: int) -> None:
    pids = job_pids(running, tag)
    assert len(pids) == expected, f"the job noted {pids}"
    wait_until(lambda: not any(alive(pid) for pid in pids), WAIT, f"the job's processes {pids} to end")


@pytest.fixture
def one_way(start_app) -> Iterator[tuple]:
    running = start_app("isolation", workers=1)
    with running.client() as client:
        entity = client.post("/api/entities", json={"entity_type": "Isolation", "name": "I"}).json()
        yield running, client, entity["id"]


def test_a_c_level_loop_is_killed_at_its_time_limit_and_reported_as_a_timeout(one_way):
    running, client, entity_id = one_way
    result = run(client, entity_id, "c_loop")
    assert result["status"] == "failed", result
    assert result["error"]["kind"] == "timeout"
    assert "time limit (2 s)" in result["error"]["message"]
    assert "[viktorlite.timeouts] c_loop" in result["error"]["message"]
    assert "died" not in result["error"]["message"]
    assert run(client, entity_id, "quick")["status"] == "finished"  # the worker is free again


def test_app_code_that_swallows_every_exception_cannot_outrun_its_time_limit(one_way):
    running, client, entity_id = one_way
    result = run(client, entity_id, "swallow", seconds=30)
    assert result["status"] == "failed", result
    assert result["error"]["kind"] == "timeout"


def test_children_that_together_exceed_the_memory_limit_end_the_job(isolation):
    running, client, entity_id = isolation
    result = run(client, entity_id, "fork_hogs", tag="hogs", count=4, megabytes=100)
    assert result["status"] == "failed", result
    assert "more than its memory limit (300 MB)" in result["error"]["message"]
    assert_all_gone(running, "hogs", 4)
    assert run(client, entity_id, "quick")["status"] == "finished"


def test_no_process_a_job_started_outlives_it(isolation):
    running, client, entity_id = isolation
    assert run(client, entity_id, "spawn", tag="done")["status"] == "finished"
    assert_all_gone(running, "done", 3)


def test_no_process_a_job_started_outlives_its_timeout(isolation):
    running, client, entity_id = isolation
    result = run(client, entity_id, "spawn_then_hang", tag="hung")
    assert (result["status"], result["error"]["kind"]) == ("failed", "timeout"), result
    assert_all_gone(running, "hung", 3)


@pytest.mark.parametrize("pause", [0, 0.3], ids=["fast-writer", "slow-writer"])
def test_a_job_writing_past_its_disk_limit_is_stopped_with_a_message_naming_the_setting(one_way, pause):
    running, client, entity_id = one_way
    result = run(client, entity_id, "write_disk", tag="big", megabytes=40, seconds=pause)
    assert result["status"] == "failed", result
    message = result["error"]["message"]
    assert "more than its disk limit (4 MB)" in message and "job_disk_mb" in message, message
    # within the limit is fine, and the earlier job's files count against it no more
    assert run(client, entity_id, "write_disk", tag="small", megabytes=2, seconds=0)["status"] == "finished"


def test_exits_are_named_for_what_they_were(one_way):
    running, client, entity_id = one_way
    exited = run(client, entity_id, "exit_3")
    assert exited["status"] == "failed"
    assert exited["error"] == {
        "kind": "app",
        "message": "The app's code ended the process with exit code 3 before the job finished.",
    }
    crashed = run(client, entity_id, "segfault")
    assert crashed["status"] == "failed"
    assert crashed["error"]["message"] == "The process running this job was killed by SIGSEGV before it finished."
    assert run(client, entity_id, "quick")["status"] == "finished"
