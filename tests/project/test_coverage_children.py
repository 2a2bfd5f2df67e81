"""The processes the tests start are measured by folder (tests/coverage_children.py): check that
coverage's own serialized configuration is still what the rewrite expects, and that it keeps the files."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import coverage

from coverage_children import by_path, measured_folders

ROOT = Path(__file__).resolve().parents[2]


def serialized(**changes: object) -> str:
    config = coverage.Coverage(config_file=str(ROOT / "pyproject.toml")).config
    for name, value in changes.items():
        setattr(config, name, value)
    return config.serialize()


def test_the_configured_package_becomes_its_folders_and_nothing_else_changes():
    before = json.loads(base64.b64decode(serialized()))
    rewritten = by_path(serialized())
    assert rewritten is not None, "coverage's serialized configuration changed: the rewrite no longer applies"
    after = json.loads(base64.b64decode(rewritten))
    assert after["source_pkgs"] == [] and after["run_include"] == [f"{folder}/*" for folder in measured_folders()]
    rewritten_keys = ("source_pkgs", "run_include", "cover_pylib")  # cover_pylib: test_coverage_children_pylib.py
    assert {key: value for key, value in after.items() if key not in rewritten_keys} == {
        key: value for key, value in before.items() if key not in rewritten_keys
    }
    assert {str(ROOT / "viktorlite"), str(ROOT / "web"), str(ROOT / "workers")} <= set(measured_folders())


def test_any_other_selection_is_left_as_it_is():
    assert by_path(serialized(source=["elsewhere"])) is None
    assert by_path(serialized(source_pkgs=["viktorlite", "other"])) is None
    assert by_path("not base64 json") is None
