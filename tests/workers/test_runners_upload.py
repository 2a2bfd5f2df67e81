"""workers/runners/upload.py in the test process: an uploaded file becomes an entity, or leaves nothing.

The same uploads through the web process and real workers: ``tests/web/test_file_entities_and_sessions.py``.
"""

from __future__ import annotations

from viktorlite.store.blobs import BlobStore
from viktorlite.store.entities import EntityStore


def upload(app, content: bytes, filename: str, parent_id: int | None, name: str = "Plan 1"):
    file_id = BlobStore(app.connection, app.name).put(content, filename=filename)
    upload = {"file_id": file_id, "filename": filename, "parent_id": parent_id}
    return file_id, app.run("process_file", {}, trigger="upload", entity_type="Plan", entity_name=name, upload=upload)


def test_the_file_becomes_an_entity_with_the_params_the_method_returned(in_process):
    app = in_process("entity_api")
    project = app.new_entity("Project", "Demo")
    file_id, ran = upload(app, b"room,area\nkitchen,12.5\nhall,7.5\n", "ground.csv", project, "Ground plan")
    created = ran.result["entity"]
    assert ran.result["type"] == "UploadResult"
    assert (created["name"], created["entity_type"], created["parent_id"]) == ("Ground plan", "Plan", project)
    record = EntityStore(app.connection, app.name).get(created["id"])
    assert record.file_id == file_id
    assert EntityStore(app.connection, app.name).latest_revision(created["id"]).params == {"rooms": 2, "total": 20.0}


def test_a_file_the_method_refuses_leaves_no_entity_and_no_file(in_process):
    app = in_process("entity_api")
    project = app.new_entity("Project", "Demo")
    file_id, ran = upload(app, b"room,area\nbad,1\n", "bad.csv", project)
    assert ran.error == {"kind": "user", "message": "the plan has a bad row", "input_violations": []}
    assert not BlobStore(app.connection, app.name).exists(file_id)
    assert [e.entity_type for e in EntityStore(app.connection, app.name).all()] == ["Project"]


def test_a_type_without_a_params_from_file_method_is_refused_and_its_file_dropped(in_process):
    app = in_process("entity_api")
    file_id = BlobStore(app.connection, app.name).put(b"x", filename="x.csv")
    upload = {"file_id": file_id, "filename": "x.csv"}
    ran = app.run("process_file", {}, trigger="upload", entity_type="Floor", upload=upload)
    assert ran.error["kind"] == "system" and "Floor is not a file entity type" in ran.error["message"]
    assert not BlobStore(app.connection, app.name).exists(file_id)


def test_an_upload_job_without_its_file_is_refused(in_process):
    ran = in_process("entity_api").run("process_file", {}, trigger="upload", entity_type="Plan")
    assert ran.error == {"kind": "system", "message": "an upload job needs its uploaded file"}
