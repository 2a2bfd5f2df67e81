"""A stop never ends a job whose method returned: the horse and the parent settle it under one lock
(workers/return_gate.py; issue 16, item 7)."""

from __future__ import annotations

import fcntl
import os
import signal
from pathlib import Path

from support import wait_until
from viktorlite.workers.return_gate import ReturnGate, Stop

WAIT = 120  # a hang guard, never a measure


def _child_announcing(gate: ReturnGate, job_id: str, ready: Path) -> int:
    """A forked 'horse' that says it is about to announce, then announces and exits 0."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            ready.write_text("x")
            gate.announce(job_id)
        finally:
            os._exit(0)
    return pid


def _kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


def test_a_horse_killed_for_a_stop_never_announces_afterwards(tmp_path: Path) -> None:
    gate = ReturnGate()
    try:
        # The parent decides first (nothing returned): it kills, and holds the lock until the horse is
        # reaped, so the horse, even one already on its way to announce, never does.
        pids: list[int] = []
        gate.reset("job-1")
        assert gate.end_unless_returned("job-1", lambda: None) is Stop.ENDED  # the lock is held now
        pids.append(_child_announcing(gate, "job-1", tmp_path / "ready"))
        wait_until((tmp_path / "ready").exists, WAIT, "the horse to try to announce")
        _kill(pids[0])
        _, status = os.waitpid(pids[0], 0)
        assert os.WIFSIGNALED(status)
        assert not gate.returned("job-1")
        gate.release()
        assert not gate.returned("job-1")
    finally:
        gate.close()


def test_a_stop_after_the_announcement_leaves_the_job_alone(tmp_path: Path) -> None:
    gate = ReturnGate()
    try:
        gate.reset("job-2")
        pid = _child_announcing(gate, "job-2", tmp_path / "ready")
        _, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        killed: list[bool] = []
        assert gate.end_unless_returned("job-2", lambda: killed.append(True)) is Stop.RETURNED
        assert not killed and gate.returned("job-2") and not gate.returned("job-3")
        gate.reset("job-2")  # the same job run again starts with nothing returned
        assert not gate.returned("job-2")
        assert gate.end_unless_returned("job-2", lambda: killed.append(True)) is Stop.ENDED and killed
        gate.release()
    finally:
        gate.close()


def test_a_stop_after_the_method_returned_answers_finished_and_the_job_keeps_its_result(start_app) -> None:
    """The stop comes while the runtime reads the result the method returned (held by the test): today
    a stop there killed the job and answered ``stopped`` though the method had run to its end."""
    running = start_app("stop_race", workers=1)
    app_dirs = running.data_dir / "workers"
    with running.client() as client:
        entity_id = client.post("/api/entities", json={"entity_type": "Race", "name": "R"}).json()["id"]
        for attempt in range(2):
            tag = f"r{attempt}"
            response = client.post(
                f"/api/entities/{entity_id}/jobs", json={"method": "returns_then_read", "params": {"tag": tag}}
            )
            assert response.status_code == 202, response.text
            job_id = response.json()["job_id"]
            wait_until(lambda tag=tag: any(app_dirs.glob(f"*/app/reading-{tag}")), WAIT, "the method to return")
            answer = client.post(f"/api/jobs/{job_id}/stop").json()
            # The job still runs (it waits for the test): the stop answers it so, never ``stopped``.
            assert answer["status"] == "started", answer
            (reading,) = app_dirs.glob(f"*/app/reading-{tag}")
            (reading.parent / f"go-{tag}").write_text("go")
            final = client.get(f"/api/jobs/{job_id}", params={"wait": WAIT}).json()
            assert final["status"] == "finished", final
            assert (reading.parent / f"ran-{tag}").exists()


def test_a_horse_holding_the_lock_is_announcing_so_its_stop_comes_too_late(tmp_path: Path) -> None:
    """The horse holds the lock only inside its announcement: a parent finding it held kills nothing."""
    gate = ReturnGate()
    try:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child holds the lock, as an announcing horse does
            try:
                fcntl.lockf(gate.fd, fcntl.LOCK_EX)
                (tmp_path / "holding").write_text("x")
                signal.pause()
            finally:
                os._exit(0)
        wait_until((tmp_path / "holding").exists, WAIT, "the horse to hold the lock")
        gate.reset("job-4")
        killed: list[bool] = []
        assert gate.end_unless_returned("job-4", lambda: killed.append(True)) is Stop.RETURNED
        assert not killed
        _kill(pid)
        os.waitpid(pid, 0)
        assert gate.end_unless_returned("job-4", lambda: killed.append(True)) is Stop.ENDED and killed  # lock died
        gate.release()
    finally:
        gate.close()


def test_a_stop_that_comes_after_its_job_s_watch_ended_ends_nothing() -> None:
    """RQ's stop command runs on a thread of its own: one for the last job can come when the worker has
    moved on (issue 18 made that sooner). It must not end the next job's horse."""
    gate = ReturnGate()
    try:
        killed: list[str] = []
        gate.reset("job-5")
        gate.release()  # job-5's watch ended (its end recorded, or its horse reaped)
        assert gate.end_unless_returned("job-5", lambda: killed.append("job-5")) is Stop.NOT_RUNNING
        gate.reset("job-6")
        assert gate.end_unless_returned("job-5", lambda: killed.append("job-6's horse")) is Stop.NOT_RUNNING
        assert not killed
        assert gate.end_unless_returned("job-6", lambda: killed.append("job-6")) is Stop.ENDED
        assert killed == ["job-6"]
        gate.release()
    finally:
        gate.close()
