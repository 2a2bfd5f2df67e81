"""App folders load as the platform loads them, and bad ones fail with a message naming the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from viktorlite.app.config import AppConfigError, read_config
from viktorlite.app.loader import load_app
from viktorlite.workers.private_disk import PrivateDisk


def make_app(folder: Path, app_py: str, config: str = 'app_type = "simple"\n', package: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "viktor.config.toml").write_text(config)
    if package:
        (folder / "app").mkdir()
        (folder / "app" / "__init__.py").write_text(app_py)
    else:
        (folder / "app.py").write_text(app_py)
    return folder


CONTROLLER = """
import viktor as vkt

class Beam(vkt.ViktorController):
    label = "A beam"
"""


def test_entity_types_are_named_by_their_binding_in_the_app_file(tmp_path: Path):
    folder = make_app(tmp_path / "myapp", CONTROLLER + "\nAliasedBeam = Beam\n", config='app_type = "editor"\n')
    loaded = load_app(folder)
    assert loaded.config.name == "myapp"
    assert loaded.config.app_type == "editor"
    assert list(loaded.entity_types) == ["Beam"]
    assert len(loaded.code_version) == 12


def test_package_layout_loads(tmp_path: Path):
    loaded = load_app(make_app(tmp_path / "pkg", CONTROLLER, package=True))
    assert list(loaded.entity_types) == ["Beam"]


@pytest.mark.parametrize(
    ("config", "app_py", "message"),
    [
        (None, CONTROLLER, "viktor.config.toml is missing"),
        ('app_type = "fancy"\n', CONTROLLER, "app_type must be one of editor, simple, tree, not 'fancy'"),
        ("app_type = \n", CONTROLLER, "not valid TOML"),
        ('app_type = "simple"\n', "x = 1\n", "no Controller subclass"),
        ('app_type = "simple"\n', CONTROLLER + "\nclass Other(vkt.Controller):\n    pass\n", "exactly one entity type"),
    ],
)
def test_bad_app_folders_are_refused_with_a_clear_message(tmp_path: Path, config, app_py, message):
    folder = make_app(tmp_path / "bad", app_py)
    if config is None:
        (folder / "viktor.config.toml").unlink()
    else:
        (folder / "viktor.config.toml").write_text(config)
    with pytest.raises(AppConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_app(folder)


def test_folder_without_app_file_is_refused(tmp_path: Path):
    (tmp_path / "viktor.config.toml").write_text('app_type = "simple"\n')
    with pytest.raises(AppConfigError, match="no app.py or app/__init__.py"):
        read_config(tmp_path)


def test_private_disk_is_a_fresh_copy_without_data_or_caches(tmp_path: Path):
    source = make_app(tmp_path / "src", CONTROLLER)
    (source / "data.csv").write_text("1,2")
    (source / ".viktorlite" / "redis").mkdir(parents=True)
    (source / "__pycache__").mkdir()
    disk = PrivateDisk.fresh(tmp_path / "disk", source, exclude=source / ".viktorlite")
    (disk.app_dir / "left-behind.txt").write_text("from an earlier life")
    disk = PrivateDisk.fresh(tmp_path / "disk", source, exclude=source / ".viktorlite")
    assert sorted(p.name for p in disk.app_dir.iterdir()) == ["app.py", "data.csv", "viktor.config.toml"]
    assert disk.scratch.is_dir() and not any(disk.scratch.iterdir())


TREE = """
import viktor as vkt

class Project(vkt.Controller):
    children = {children}

class Building(vkt.Controller):
    pass

initial_entities = {initial}
"""


@pytest.mark.parametrize(
    ("children", "initial", "message"),
    [
        ('["Building"]', "[]", "a tree app needs at least one entry in initial_entities"),
        ('["Floor"]', '[vkt.InitialEntity("Project", "P")]', "Project.children names 'Floor', which is not an entity"),
        ('["Building"]', '[vkt.InitialEntity("Site", "S")]', "initial entity 'S' has unknown entity type 'Site'"),
        (
            "[]",
            '[vkt.InitialEntity("Project", "P", children=[vkt.InitialEntity("Building", "B")])]',
            "initial entity 'B': Building is not in Project.children",
        ),
        ('["Building"]', '[vkt.InitialEntity("Project", "P", params="../secrets.json")]', "leaves the app folder"),
        ('["Building"]', '[vkt.InitialEntity("Project", "P", params="missing.json")]', "is not a .json file"),
    ],
)
def test_tree_apps_with_a_wrong_structure_fail_at_start_naming_the_problem(tmp_path: Path, children, initial, message):
    (tmp_path / "secrets.json").write_text("{}")
    folder = make_app(tmp_path / "tree", TREE.format(children=children, initial=initial), config='app_type = "tree"\n')
    with pytest.raises(AppConfigError, match=message.replace("(", r"\(").replace(".", r"\.")):
        load_app(folder)


def test_initial_entity_params_come_from_a_json_file_next_to_the_app(tmp_path: Path):
    initial = '[vkt.InitialEntity("Project", "P", params="p.json", children=[vkt.InitialEntity("Building", "B")])]'
    folder = make_app(
        tmp_path / "tree", TREE.format(children='["Building"]', initial=initial), config='app_type = "tree"\n'
    )
    (folder / "p.json").write_text('{"client": "ACME"}')
    (entity,) = load_app(folder).initial_entities
    assert entity["params"] == {"client": "ACME"}
    assert entity["children"][0]["name"] == "B" and entity["children"][0]["params"] == {}


def test_app_py_beside_an_app_package_is_the_entry_point_and_imports_from_the_package(tmp_path: Path):
    folder = make_app(tmp_path / "both", "from app.helpers import LABEL\n" + CONTROLLER + "\nBeam.label = LABEL\n")
    (folder / "app").mkdir()
    (folder / "app" / "__init__.py").write_text("")
    (folder / "app" / "helpers.py").write_text("LABEL = 'from the package'\n")
    loaded = load_app(folder)
    assert list(loaded.entity_types) == ["Beam"]
    assert loaded.entity_types["Beam"].label == "from the package"


def test_a_leftover_app_py_without_controllers_leaves_the_package_as_the_entry_point(tmp_path: Path):
    folder = make_app(tmp_path / "leftover", CONTROLLER, package=True)
    (folder / "app.py").write_text("# the template's app.py, replaced by the app/ package\n")
    loaded = load_app(folder)
    assert list(loaded.entity_types) == ["Beam"]
    assert Path(loaded.module.__file__ or "").name == "__init__.py"
