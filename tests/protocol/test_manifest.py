"""The published manifest is a protocol model: real apps' manifests round-trip through it unchanged,
and a manifest with a key nobody declared is refused naming the key."""

from __future__ import annotations

import copy
import functools
import json
import subprocess
import sys
from pathlib import Path

import jsonschema_rs
import pytest
from pydantic import ValidationError

from support import APPS, SAMPLE_APPS
from viktorlite.app.loader import load_app
from viktorlite.protocol.manifest import MANIFEST, AppManifest, LoadErrorManifest
from viktorlite.store.manifest import manifest_json, parse_manifest
from viktorlite.web.routes.openapi import build_openapi
from viktorlite.workers.load_error import load_error, load_error_manifest

#: App folders that do not load on purpose (their load error is tested below).
BROKEN = {"bad_tree", "broken"}
FOLDERS = sorted(
    [folder for folder in SAMPLE_APPS.iterdir() if folder.is_dir()]
    + [folder for folder in APPS.iterdir() if folder.is_dir() and folder.name not in BROKEN]
)


#: Built in a process of their own, each app once: apps import as ``app``, so loading one twice
#: after another in the test process fails.
BUILD = """
import json, sys, warnings
warnings.simplefilter("ignore")  # some test apps warn about their declarations on purpose
from viktorlite.app.loader import load_app
from viktorlite.app.manifest_builder import build_manifest
from viktorlite.store.manifest import manifest_json
print(json.dumps({folder: manifest_json(build_manifest(load_app(folder))) for folder in sys.argv[1:]}))
"""


@functools.cache
def all_published() -> dict[str, dict]:
    folders = [str(folder) for folder in FOLDERS]
    built = subprocess.run([sys.executable, "-c", BUILD, *folders], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    return dict(json.loads(built.stdout.splitlines()[-1]))


def published(folder: Path) -> dict:
    """The manifest a worker publishes for the app in ``folder``, as stored in Redis."""
    return all_published()[str(folder)]


@pytest.mark.parametrize("folder", FOLDERS, ids=[f"{f.parent.name}/{f.name}" for f in FOLDERS])
def test_a_real_published_manifest_round_trips_unchanged(folder: Path):
    stored = copy.deepcopy(published(folder))
    model = parse_manifest(json.dumps(stored))
    assert isinstance(model, AppManifest)
    assert MANIFEST.dump_python(model, mode="json", exclude_unset=True) == stored
    assert [entity_type.name for entity_type in model.entity_types] == [t["name"] for t in stored["entity_types"]]
    assert stored["version"] and len(stored["version"]) == 12


def test_the_manifest_json_is_what_the_hand_built_dicts_were():
    """Byte-compatible with what the web, the browser and stored data read (keys as before)."""
    stored = published(SAMPLE_APPS / "inputs")
    assert list(stored) == [
        "app",
        "app_type",
        "code_version",
        "entity_types",
        "initial_entities",
        "job_settings",
        "version",
    ]
    entity_type = stored["entity_types"][0]
    assert list(entity_type) == [
        "name", "label", "parametrization", "default_params", "views", "summary", "buttons", "children",
        "show_children_as", "file_type",
    ]  # fmt: skip
    assert "options" not in stored["entity_types"][0]["views"][0] or stored["entity_types"][0]["views"][0]["options"]


def test_a_load_error_manifest_round_trips_and_is_told_apart_by_its_error(tmp_path: Path):
    folder = tmp_path / "myapp"
    folder.mkdir()
    (folder / "viktor.config.toml").write_text('app_type = "editor"\n')
    (folder / "app.py").write_text("import viktor as vkt\nraise RuntimeError('no')\n")
    with pytest.raises(RuntimeError) as raised:
        load_app(folder)
    manifest = load_error_manifest("myapp", "editor", load_error(raised.value, folder, folder))
    stored = manifest_json(manifest)
    assert set(stored) == {"app", "app_type", "code_version", "entity_types", "error", "version"}
    assert stored["error"]["file"] == "app.py" and stored["error"]["line"] == 2
    model = parse_manifest(json.dumps(stored))
    assert isinstance(model, LoadErrorManifest)
    assert MANIFEST.dump_python(model, mode="json", exclude_unset=True) == stored


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda m: m.update(entry_point="x"), "entry_point"),
        (lambda m: m["entity_types"][0].update(colour="red"), "colour"),
        (lambda m: m["entity_types"][0]["views"][0].pop("method"), "method"),
        (lambda m: m["entity_types"][0]["parametrization"]["items"][0].update(kind="widget"), "widget"),
        (lambda m: m["entity_types"][0].update(show_children_as="Grid"), "show_children_as"),
    ],
    ids=["unknown-top-key", "unknown-entity-type-key", "missing-view-method", "unknown-node-kind", "bad-value"],
)
def test_a_manifest_that_does_not_fit_is_refused_naming_what(change, named: str):
    stored = copy.deepcopy(published(SAMPLE_APPS / "inputs"))
    change(stored)
    with pytest.raises(ValidationError) as refused:
        parse_manifest(json.dumps(stored))
    assert named in str(refused.value)


def test_the_openapi_schema_of_get_app_checks_the_published_manifest():
    document = build_openapi()
    answer = document["paths"]["/api/app"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/PublishedManifest"}
    validator = jsonschema_rs.validator_for({**answer, "components": document["components"]})
    stored = copy.deepcopy(published(SAMPLE_APPS / "inputs"))
    validator.validate(stored)
    stored["entity_types"][0]["parametrization"]["items"][0]["kind"] = "widget"
    assert not validator.is_valid(stored)
