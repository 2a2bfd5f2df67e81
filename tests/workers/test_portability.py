"""Portability warnings: local-disk habits that break in production show up in the job log.

The tests share one worker (each job is watched on its own, in its own work horse) and make their own entities.
"""

from __future__ import annotations

from probe import APP_SOURCE_LINES, answer, new_entity, run_job


def lines_marked(marker: str) -> set[int]:
    return {number for number, line in APP_SOURCE_LINES.items() if line.rstrip().endswith(marker)}


def test_relative_paths_and_local_writes_are_warned_with_the_app_line(start_module_app):
    running = start_module_app("state")
    with running.client() as client:
        entity = new_entity(client, "A")
        job = run_job(client, entity, "portability")
    assert answer(job)["ok"]
    warnings = [m for m in job["messages"] if m.get("source") == "portability"]
    assert all(m["kind"] == "warning" and m["file"] == "app.py" for m in warnings)
    warned = {m["line"] for m in warnings}
    # only the lines marked "warned"; not the Path(__file__) read, the temp files or matplotlib's cache
    assert warned == lines_marked("warned") | lines_marked("warned at this line")
    by_line = {m["line"]: m["message"] for m in warnings}
    (relative_write,) = lines_marked("# relative write: warned")
    (absolute_write,) = lines_marked("# absolute write next to the app: warned")
    assert by_line[relative_write].startswith(f"app.py line {relative_write} writes 'relative.txt' relative to")
    assert "Path(__file__).parent / 'relative.txt'" in by_line[relative_write]
    assert "viktor.Storage" in by_line[relative_write]
    assert f"app.py line {absolute_write} writes '" in by_line[absolute_write]
    assert "on this worker's local disk, outside its temp dir" in by_line[absolute_write]
    assert "keep results in viktor.Storage" in by_line[absolute_write]


def test_a_job_that_only_uses_storage_gets_no_warning(start_module_app):
    running = start_module_app("state")
    with running.client() as client:
        entity = new_entity(client, "A")
        job = run_job(client, entity, "storage_set", {"key": "k", "text": "x"})
        assert answer(job)["ok"]
        assert job["messages"] == []
        job = run_job(client, entity, "big_file", {"n": 3})
        assert answer(job)["same"]
        assert job["messages"] == []
