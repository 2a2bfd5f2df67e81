"""The parts of ``viktorlite replay`` that need no served app: settings, records, the shown command."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import redis

from viktorlite.app.config import AppConfigError, read_config
from viktorlite.jobs import inputs as job_inputs
from viktorlite.jobs.queue import JobRequest, UploadRequest
from viktorlite.store import serve_info
from viktorlite.store.keys import Keys


def app_folder(tmp_path: Path, viktorlite_table: str = "") -> Path:
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "app.py").write_text("")
    (folder / "viktor.config.toml").write_text(f'app_type = "simple"\n[viktorlite]\n{viktorlite_table}\n')
    return folder


@pytest.mark.parametrize(
    ("line", "hours"), [("", 24.0), ("keep_job_inputs_hours = 0", 0.0), ("keep_job_inputs_hours = 0.5", 0.5)]
)
def test_keep_job_inputs_hours_is_read_from_the_config(tmp_path: Path, line: str, hours: float):
    assert read_config(app_folder(tmp_path, line)).keep_job_inputs_hours == hours


@pytest.mark.parametrize("value", ["-1", '"24"', "true", "nan"])
def test_a_bad_keep_job_inputs_hours_is_refused_by_name(tmp_path: Path, value: str):
    with pytest.raises(AppConfigError, match=r"\[viktorlite\] keep_job_inputs_hours must be a number of hours >= 0"):
        read_config(app_folder(tmp_path, f"keep_job_inputs_hours = {value}"))


def request(**fields: object) -> JobRequest:
    return JobRequest.model_validate({"app": "kept", "entity_type": "Beam", "method": "view", **fields})


def inputs(job_id: str, keep_hours: float, **fields: object) -> job_inputs.JobInputs:
    details = {"app_dir": "/apps/kept", "code_version": "abc", "worker": "w", "production": False}
    return job_inputs.JobInputs.of(request(**fields), job_id=job_id, keep_hours=keep_hours, **details)


def test_the_files_a_job_references_are_recorded_wherever_its_params_hold_them():
    params = {
        "drawing": {"file_id": "a" * 32, "filename": "a.txt"},
        "rows": [{"sheet": [{"file_id": "b" * 32, "filename": "b.csv"}]}, {"sheet": []}],
        "again": {"file_id": "a" * 32, "filename": "a.txt"},
    }
    upload = UploadRequest(file_id="c" * 32, filename="c.csv")
    recorded = inputs("j1", 1, params=params, upload=upload)
    assert recorded.files == [
        {"file_id": "a" * 32, "filename": "a.txt"},
        {"file_id": "b" * 32, "filename": "b.csv"},
        {"file_id": "c" * 32, "filename": "c.csv"},
    ]


def test_inputs_are_kept_for_their_hours_and_read_back_by_any_app(redis_client: redis.Redis):
    kept = inputs("job-kept", 0.5, params={"x": 1})
    job_inputs.keep(redis_client, "kept", kept)
    assert 0 < redis_client.ttl(Keys("kept").job_inputs("job-kept")) <= 1800
    assert job_inputs.read(redis_client, "kept", "job-kept") == ("kept", kept)
    assert job_inputs.read(redis_client, None, "job-kept") == ("kept", kept)  # found without naming the app

    # How the job ended is read from its outcome (kept longer than a record of its own).
    failed = {"ok": False, "error": {"kind": "app", "message": "boom"}}
    redis_client.set(Keys("kept").job_outcome("job-kept"), json.dumps(failed), ex=3600)
    found = job_inputs.read(redis_client, "kept", "job-kept")
    assert found is not None and found[1].ended == {"ok": False, "error": "boom"}
    assert 0 < redis_client.ttl(Keys("kept").job_inputs("job-kept")) <= 1800  # the expiry is kept

    job_inputs.keep(redis_client, "kept", inputs("job-not-kept", 0))
    assert job_inputs.read(redis_client, "kept", "job-not-kept") is None
    assert job_inputs.read(redis_client, None, "job-*") is None  # not a job id: never a pattern

    redis_client.set(Keys("kept").job_inputs("job-damaged"), b'{"job_id": "job-damaged"}')
    with pytest.raises(ValueError, match="the kept record is not readable"):
        job_inputs.read(redis_client, "kept", "job-damaged")


def test_the_replay_command_names_the_redis_only_when_serve_json_does_not(tmp_path: Path):
    app_dir = tmp_path / "my app"
    url = "redis://127.0.0.1:6400/0"
    assert serve_info.replay_command("j1", serve_info.replay_arguments(app_dir, url)) == (
        f"viktorlite replay j1 '{app_dir}' --redis-url {url}"
    )
    serve_info.write(app_dir / ".viktorlite", app_dir, url, None)
    assert serve_info.replay_arguments(app_dir, url) == [str(app_dir)]
    assert serve_info.replay_arguments(app_dir, "redis://127.0.0.1:6500/0") == [
        str(app_dir),
        "--redis-url",
        "redis://127.0.0.1:6500/0",
    ]
    assert serve_info.replay_arguments(None, "redis://user:secret@host:6379/1") == [
        "--redis-url",
        "redis://user:PASSWORD@host:6379/1",
    ]


def test_the_record_is_the_same_from_the_queued_json_and_encoded_without_a_deep_copy():
    params = {"rows": [{"a": n, "sheet": {"file_id": "d" * 32, "filename": "d.csv"}} for n in range(3)]}
    queued = request(params=params).model_dump(mode="json")  # as the web process queues it
    details = {"app_dir": "/apps/kept", "code_version": "abc", "worker": "w", "production": False, "keep_hours": 1}
    from_json = job_inputs.JobInputs.of(request(params=params), data=queued, job_id="j1", **details)
    assert from_json == job_inputs.JobInputs.of(request(params=params), job_id="j1", **details)
    assert from_json.files == [{"file_id": "d" * 32, "filename": "d.csv"}]
    assert json.loads(from_json.to_json()) == dataclasses.asdict(from_json)
