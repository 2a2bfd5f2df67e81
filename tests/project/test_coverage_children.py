"""The processes the tests start are measured by folder (tests/coverage_children.py): coverage's own
serialized configuration is still what the rewrite expects, and it keeps the files; the rewrite skips
the standard library's search (``cover_pylib``), which with ``include`` selects nothing; the processes
begin measuring when they first import viktorlite, from its first line (one that never imports it never
loads coverage, and the processes it starts get the same lazy start); a child it forks saves only its
own data."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import coverage

from coverage_children import LAZY_VARIABLE, VARIABLE, by_path, install_lazy_pth, measured_folders

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
    rewritten_keys = ("source_pkgs", "run_include", "cover_pylib")  # cover_pylib: see below
    assert {key: value for key, value in after.items() if key not in rewritten_keys} == {
        key: value for key, value in before.items() if key not in rewritten_keys
    }
    assert {str(ROOT / "viktorlite"), str(ROOT / "web"), str(ROOT / "workers")} <= set(measured_folders())


def test_any_other_selection_is_left_as_it_is():
    assert by_path(serialized(source=["elsewhere"])) is None
    assert by_path(serialized(source_pkgs=["viktorlite", "other"])) is None
    assert by_path("not base64 json") is None


def rewritten(data_file: Path) -> str:
    """The started processes' configuration, writing its data to ``data_file``."""
    changed = by_path(serialized(data_file=str(data_file)))
    assert changed is not None, "coverage's serialized configuration changed: the rewrite no longer applies"
    return changed


def measured(folder: Path) -> dict[str, set[int]]:
    """The lines each data file in ``folder`` holds, by real path."""
    lines: dict[str, set[int]] = {}
    for name in folder.glob(".coverage.*"):
        data = coverage.CoverageData(str(name))
        data.read()
        for file in data.measured_files():
            lines.setdefault(os.path.realpath(file), set()).update(data.lines(file) or ())
    return lines


# -- cover_pylib ---------------------------------------------------------------------------------------

EAGER_CHILD = """
import json, coverage.control
coverage.control.process_startup()
import viktorlite.protocol.constraints as constraints
print(json.dumps(constraints.__file__))
"""


def test_the_rewrite_turns_cover_pylib_on():
    assert json.loads(base64.b64decode(rewritten(Path("unused"))))["cover_pylib"] is True


def test_a_process_measured_with_the_rewrite_keeps_viktorlites_lines_and_no_stdlib(tmp_path: Path):
    config = rewritten(tmp_path / ".coverage")
    env = {**os.environ, VARIABLE: config}
    done = subprocess.run([sys.executable, "-c", EAGER_CHILD], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    module = os.path.realpath(json.loads(done.stdout))
    assert len(list(tmp_path.glob(".coverage.*"))) == 1
    lines = measured(tmp_path)
    assert lines.get(module), sorted(lines)
    stdlib = os.path.realpath(os.path.dirname(os.__file__))
    assert not [name for name in lines if name.startswith(stdlib + os.sep)], sorted(lines)
    include = json.loads(base64.b64decode(config))["run_include"]
    assert all(name.startswith(tuple(pattern[:-1] for pattern in include)) for name in lines)


# -- the lazy start ------------------------------------------------------------------------------------

IMPORTS_VIKTORLITE = f"""
import json, os, sys
loaded_before = "coverage" in sys.modules
import viktorlite.protocol.constraints as constraints
env = [name for name in ({VARIABLE!r}, {LAZY_VARIABLE!r}) if os.environ.get(name)]
init = sys.modules["viktorlite"].__file__
print(json.dumps(dict(loaded_before=loaded_before, file=constraints.__file__, init=init, env=env)))
"""

NEVER_IMPORTS_IT = """
import json, sys
print(json.dumps({"coverage": "coverage" in sys.modules}))
"""


def lazy_env(data_file: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in (VARIABLE, LAZY_VARIABLE)}
    return {**env, LAZY_VARIABLE: rewritten(data_file)}


def run(code: str, env: dict[str, str]) -> dict:
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_process_that_imports_viktorlite_measures_it_from_its_first_line(tmp_path: Path):
    assert install_lazy_pth(), "the venv's site-packages is not writable"
    seen = run(IMPORTS_VIKTORLITE, lazy_env(tmp_path / ".coverage"))
    assert seen["loaded_before"] is False  # nothing was measured before viktorlite was looked up
    assert seen["env"] == [LAZY_VARIABLE]  # what this process starts gets the lazy start too
    lines = measured(tmp_path)
    init, module = os.path.realpath(seen["init"]), os.path.realpath(seen["file"])
    assert module in lines and init in lines, sorted(lines)
    version_line = next(n for n, line in enumerate(Path(init).read_text().splitlines(), 1) if "__version__" in line)
    assert version_line in lines[init], sorted(lines[init])  # the package's own opening lines ran measured


def test_a_process_that_never_imports_viktorlite_never_loads_coverage(tmp_path: Path):
    assert install_lazy_pth()
    assert run(NEVER_IMPORTS_IT, lazy_env(tmp_path / ".coverage")) == {"coverage": False}
    assert not list(tmp_path.glob(".coverage*"))


def test_the_processes_it_starts_measure_lazily_too(tmp_path: Path):
    assert install_lazy_pth()
    parent = (
        "import subprocess, sys, viktorlite\n"
        f"done = subprocess.run([sys.executable, '-c', {IMPORTS_VIKTORLITE!r}], capture_output=True, text=True)\n"
        "print(done.stdout or done.stderr)\n"
    )
    seen = run(parent, lazy_env(tmp_path / ".coverage"))
    assert seen["loaded_before"] is False and seen["env"] == [LAZY_VARIABLE]
    assert os.path.realpath(seen["file"]) in measured(tmp_path)
    assert len(list(tmp_path.glob(".coverage.*"))) == 2  # the parent's data and the child's


FORKS_TWICE = """
import os, viktorlite.protocol.constraints
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        import viktorlite.protocol.manifest
        os._exit(0)
    os.waitpid(pid, 0)
"""


def test_a_forked_child_saves_its_own_data_and_not_its_parents_again(tmp_path: Path):
    assert install_lazy_pth()
    done = subprocess.run(
        [sys.executable, "-c", FORKS_TWICE], env=lazy_env(tmp_path / ".coverage"), capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    files = list(tmp_path.glob(".coverage.*"))
    assert len(files) == 3, files  # the parent's and each child's: no child saved the parent's again
    lines = measured(tmp_path)
    assert any(file.endswith("protocol/manifest.py") for file in lines), sorted(lines)  # the children's
    assert any(file.endswith("protocol/constraints.py") for file in lines), sorted(lines)  # the parent's
