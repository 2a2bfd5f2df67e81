"""Apps in the legacy layout (SDK < 13): manifest/manifest.yml beside the app package.

The app under test is tests/compat_apps/legacy_manifest, written like the SDK 12 sample apps;
each bad variant is a copy with one thing broken, and its error names the file and the key.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from viktorlite.app.config import AppConfigError, read_config
from viktorlite.app.loader import load_app

LEGACY_APP = Path(__file__).parent.parent / "compat_apps" / "legacy_manifest"
MANIFEST = "manifest/manifest.yml"


@pytest.fixture
def app_copy(tmp_path: Path) -> Path:
    target = tmp_path / "legacy"
    shutil.copytree(LEGACY_APP, target, ignore=shutil.ignore_patterns("__pycache__", ".viktorlite"))
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


def test_entity_types_come_from_the_manifest_with_controllers_bound_as_type_controller(app_copy: Path):
    loaded = load_app(app_copy)
    assert loaded.config.app_type == "tree"  # no viktor.config.toml: a legacy app is a tree app
    assert not (app_copy / "viktor.config.toml").exists()
    assert list(loaded.entity_types) == ["ProjectFolder", "Project", "Beam"]
    assert loaded.entity_types["Beam"].__name__ == "Controller"  # bound as BeamController
    assert loaded.entity_types["Project"].children == ["Beam"]
    assert loaded.entity_types["Beam"].viktor_enforce_field_constraints is True  # the old flags are plain attributes


def test_manifest_entities_become_the_initial_entity_tree(app_copy: Path):
    (folder,) = load_app(app_copy).initial_entities
    assert (folder["entity_type"], folder["name"], folder["params"]) == ("ProjectFolder", "Projects", {})
    (project,) = folder["children"]
    assert (project["name"], project["params"]) == ("Example project", {"client": "ACME"})  # from the JSON file
    (beam,) = project["children"]
    assert (beam["entity_type"], beam["name"], beam["params"]) == (
        "Beam",
        "Example beam",
        {"width": 300, "height": 600},
    )


def test_an_entity_with_only_a_name_gets_the_default_params(app_copy: Path):
    edit(app_copy / MANIFEST, "            width: 300\n            height: 600\n", "")
    beam = load_app(app_copy).initial_entities[0]["children"][0]["children"][0]
    assert beam["params"] == {"width": 200, "height": 400}


def test_metadata_and_a_config_file_are_both_honoured(app_copy: Path):
    edit(app_copy / MANIFEST, "uses_privileged_api: false", "uses_privileged_api: true")
    assert read_config(app_copy).enable_privileged_api is True
    (app_copy / "viktor.config.toml").write_text('app_type = "tree"\nenable_privileged_api = false\n')
    assert read_config(app_copy).enable_privileged_api is False  # the config file wins, as the v13 upgrade does


def test_a_manifest_yaml_spelling_is_found_too(app_copy: Path):
    (app_copy / MANIFEST).rename(app_copy / "manifest" / "manifest.yaml")
    assert list(load_app(app_copy).entity_types) == ["ProjectFolder", "Project", "Beam"]


#: (text in manifest.yml, what it becomes, what the error says)
BROKEN_MANIFESTS = [
    ("entity_types:\n", "entity_types: [\n", "manifest.yml: not valid YAML"),
    (
        "    has_designer: true\n    show_properties: false",
        "    has_designer: maybe",
        "entity_types.Beam.has_designer must be true or false",
    ),
    (
        "- entity_type: Beam",
        "- entity_type: Bridge",
        "entities[0].children[0].children[0].entity_type 'Bridge' is not in entity_types"
        " (known: ProjectFolder, Project, Beam)",
    ),
    ("    name: Projects\n", "    title: Projects\n", "entities[0].properties needs a name"),
    (
        "fixtures/project_1.json",
        "fixtures/missing.json",
        "entities[0].children[0].properties': params file 'fixtures/missing.json' is not a .json file in the app",
    ),
    ("fixtures/project_1.json", "../../outside.json", "leaves the app folder"),
    (
        "  uses_privileged_api: false",
        "  uses_privileged_api: sometimes",
        "metadata.uses_privileged_api must be true or false",
    ),
    ("  Beam:\n", "  Column:\n    has_designer: true\n  Beam:\n", "entity_types.Column: "),
    (
        "children:\n        - entity_type: Beam",
        "children:\n        - entity_type: ProjectFolder",
        "ProjectFolder is not in Project.children",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN_MANIFESTS)
def test_a_broken_manifest_is_refused_naming_the_file_and_key(app_copy: Path, old: str, new: str, message: str):
    edit(app_copy / MANIFEST, old, new)
    with pytest.raises(AppConfigError) as raised:
        load_app(app_copy)
    assert message in str(raised.value)
    assert "manifest" in str(raised.value)


def test_a_type_without_a_bound_controller_names_the_binding_it_looked_for(app_copy: Path):
    edit(app_copy / "app" / "__init__.py", "Controller as BeamController", "Controller as BeamCtrl")
    with pytest.raises(
        AppConfigError,
        match=r"manifest\.yml: entity_types\.Beam: .*__init__\.py binds no controller named BeamController",
    ):
        load_app(app_copy)


def test_initial_entities_in_both_places_are_refused(app_copy: Path):
    init = app_copy / "app" / "__init__.py"
    init.write_text(init.read_text() + "\nimport viktor\ninitial_entities = [viktor.InitialEntity('Beam', name='B')]\n")
    with pytest.raises(AppConfigError, match="initial_entities and .*manifest.yml both declare initial entities"):
        load_app(app_copy)
