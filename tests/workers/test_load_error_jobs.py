"""A broken app shows its error; the worker stays up and answers jobs with that error."""

from __future__ import annotations

from viktorlite.jobs import queue as jobs


def test_syntax_error_is_published_with_file_and_line(start_app, redis_client):
    running = start_app("broken")
    with running.client() as client:
        manifest = client.get("/api/app").json()
    assert manifest["entity_types"] == []
    assert "SyntaxError" in manifest["error"]["message"]
    assert 'app.py", line 7' in manifest["error"]["traceback"]
    # the worker keeps serving: a job gets the load error back instead of hanging
    job_id = jobs.enqueue(redis_client, jobs.JobRequest(app=running.name, entity_type="Controller", method="oops"))
    described = jobs.wait_for_end(redis_client, running.name, job_id, 120)
    assert described is not None
    assert described["status"] == "failed"
    assert "The app failed to load: SyntaxError" in described["error"]["message"]
    assert all(worker.alive() for worker in running.pool.workers)
