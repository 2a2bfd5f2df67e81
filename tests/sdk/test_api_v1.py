"""``viktor.api_v1`` first slice on a real Redis: FileResource over blobs, the minimal Entity."""

from __future__ import annotations

import uuid

import pytest

import viktorlite.sdk as vkt
from viktorlite.jobs import context as job_context
from viktorlite.sdk.api_v1 import Entity, FileResource, Munch
from viktorlite.store.blobs import BlobStore
from viktorlite.store.entities import EntityStore


@pytest.fixture
def job(enter_job) -> job_context.JobContext:
    return enter_job(app=f"api-{uuid.uuid4().hex[:8]}", job_id="job")


def test_api_v1_is_a_lazy_attribute_of_the_package():
    assert vkt.api_v1.FileResource is FileResource


def test_a_file_resource_reads_its_blob_lazily(job):
    blob_id = BlobStore(job.connection, job.app).put(b"col\n1\n2\n", filename="table.csv")
    resource = FileResource(1, blob_id)
    assert resource == FileResource(1, blob_id) and resource != FileResource(1, "0" * 32)
    assert resource.filename == "table.csv"
    assert resource.file.source_type is vkt.File.SourceType.URL
    with resource.open(encoding="utf-8") as handle:
        assert handle.read().splitlines() == ["col", "1", "2"]
    with resource.open_binary() as handle:
        assert handle.read(3) == b"col"
    missing = FileResource(1, "0" * 32)
    file = missing.file  # nothing is read yet
    with pytest.raises(FileNotFoundError):
        file.getvalue()


def test_the_entity_reads_name_and_last_saved_params(job):
    store = EntityStore(job.connection, job.app)
    record = store.create("T", "Beam 1", {"a": {"b": 1}})
    store.save_params(record.id, {"a": {"b": 2}})
    entity = Entity(record.id)
    assert (entity.id, entity.name) == (record.id, "Beam 1")
    assert isinstance(entity.last_saved_params, Munch)
    assert entity.last_saved_params.a.b == 2
    with pytest.raises(vkt.EntityNotFoundError):
        Entity(record.id + 1000).name  # noqa: B018


def test_outside_a_job_storage_and_file_resources_fail_as_the_platform_does():
    with pytest.raises(OSError, match="Job token is not set"):
        vkt.Storage().get("k", scope="workspace")
    with pytest.raises(OSError, match="Job token is not set"):
        FileResource(1, "0" * 32).file  # noqa: B018
