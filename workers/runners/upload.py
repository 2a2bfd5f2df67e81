"""Create an entity of a file entity type: run its ``@ParamsFromFile`` method on the uploaded file.

The web process checked the file (``max_size``, ``file_types``) and stored it as a blob before
queueing this job. Here the method turns the file into params, and the entity is created with
them and with the blob as its file, in one step: an upload whose method fails leaves no entity
and no blob behind.
"""

from __future__ import annotations

import contextlib
from typing import Any

from viktorlite.app.calling import call_with_params
from viktorlite.app.loader import LoadedApp
from viktorlite.app.manifest_builder import file_type_spec
from viktorlite.jobs import context as job_context
from viktorlite.jobs.queue import JobRequest
from viktorlite.sdk._file import File
from viktorlite.sdk._stored_params import stored_params
from viktorlite.store.blobs import BlobStore
from viktorlite.store.entities import EntityNotFound, EntityStore
from viktorlite.workers.rejection import JobRejected
from viktorlite.workers.result_output import BadResult
from viktorlite.workers.runners.returned_values import params_from_file


def run_upload(app: LoadedApp, request: JobRequest) -> dict[str, Any]:
    """The ``upload`` trigger: returns ``{"type": "UploadResult", "entity": {...}}`` for the new entity."""
    context = job_context.running()
    upload = request.upload
    if context is None or upload is None:
        raise JobRejected("an upload job needs its uploaded file")
    blobs = BlobStore(context.connection, request.app)
    try:
        return _create_from_file(app, request, context, blobs)
    except BaseException:
        if not context.replay:  # a replay leaves the file as it found it
            with contextlib.suppress(Exception):  # nobody will ever reach the file of a failed upload
                blobs.delete(upload.file_id)
        raise


def _create_from_file(
    app: LoadedApp, request: JobRequest, context: job_context.JobContext, blobs: BlobStore
) -> dict[str, Any]:
    assert request.upload is not None
    try:
        controller_class = app.controller(request.entity_type)
    except LookupError as exc:
        raise JobRejected(str(exc)) from None
    spec = file_type_spec(controller_class)
    if spec is None:
        raise JobRejected(f"{request.entity_type} is not a file entity type (it has no @ParamsFromFile method)")
    file = File._from_blob(blobs, request.upload.file_id, request.app)
    returned = call_with_params(
        getattr(controller_class(), spec.method),
        file,
        entity_id=None,
        entity_name=request.entity_name,
        workspace_id=request.workspace_id,
    )
    what = f"@ParamsFromFile method {spec.method!r}"
    returned = params_from_file(returned, spec.method)
    try:
        params = stored_params(returned, "params")
    except (TypeError, ValueError) as exc:
        raise BadResult(f"{what} returned params that cannot be stored: {exc}") from None
    if context.replay:
        return {"type": "UploadResult", "params": params, "replay": "no entity was created"}
    store = EntityStore(context.connection, request.app)
    parent_id = request.upload.parent_id
    if parent_id is not None:
        try:
            store.get(parent_id)
        except EntityNotFound:
            raise JobRejected(f"the parent entity {parent_id} was deleted while the file was processed") from None
    record = store.create(
        request.entity_type, request.entity_name, params, parent_id=parent_id, file_id=request.upload.file_id
    )
    return {"type": "UploadResult", "entity": record.to_json()}
