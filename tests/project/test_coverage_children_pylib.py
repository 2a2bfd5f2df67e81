"""The started processes skip coverage's search of the standard library (``cover_pylib`` on, see
tests/coverage_children.py): with ``include`` set it selects nothing, so a process measured with the
rewritten configuration still measures every line of viktorlite it runs and nothing of the stdlib."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import coverage

from coverage_children import VARIABLE, by_path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, coverage.control
coverage.control.process_startup()
import viktorlite.protocol.constraints as constraints
print(json.dumps(constraints.__file__))
"""


def rewritten(data_file: Path) -> dict:
    config = coverage.Coverage(config_file=str(ROOT / "pyproject.toml")).config
    config.data_file = str(data_file)
    changed = by_path(config.serialize())
    assert changed is not None, "coverage's serialized configuration changed: the rewrite no longer applies"
    return json.loads(base64.b64decode(changed))


def test_the_rewrite_turns_cover_pylib_on():
    assert rewritten(Path("unused"))["cover_pylib"] is True


def test_a_process_measured_with_the_rewrite_keeps_viktorlites_lines_and_no_stdlib(tmp_path: Path):
    config = rewritten(tmp_path / ".coverage")
    env = {**os.environ, VARIABLE: base64.b64encode(json.dumps(config).encode()).decode()}
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    module = os.path.realpath(json.loads(done.stdout))
    files = list(tmp_path.glob(".coverage.*"))
    assert len(files) == 1, files
    data = coverage.CoverageData(str(files[0]))
    data.read()
    measured = {os.path.realpath(name) for name in data.measured_files()}
    assert module in measured and data.lines(module), sorted(measured)
    stdlib = os.path.realpath(os.path.dirname(os.__file__))
    assert not [name for name in measured if name.startswith(stdlib + os.sep)], sorted(measured)
    assert all(name.startswith(tuple(pattern[:-1] for pattern in config["run_include"])) for name in measured)
