"""app/environment_packages.py: boto3 goes into an app's environment only when the blob store is S3."""

from __future__ import annotations

import tomllib
from pathlib import Path

from viktorlite.app.environment_packages import WORKER_REQUIREMENTS, blob_store_requirements, requirement_name


def test_only_an_s3_blob_store_adds_boto3() -> None:
    assert blob_store_requirements("s3://bucket/prefix") == ["boto3>=1.34"]
    assert blob_store_requirements("redis") == []
    assert blob_store_requirements("file:///shared/blobs") == []
    assert "boto3" not in {requirement_name(line) for line in WORKER_REQUIREMENTS}


def test_the_floor_is_the_one_of_viktorlites_s3_extra() -> None:
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert blob_store_requirements("s3://b") == pyproject["project"]["optional-dependencies"]["s3"]
