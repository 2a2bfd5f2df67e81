"""The document engines are the ``viktorlite[documents]`` extra, added to an app's environment when its code uses them.

Most apps never render a Word file or calculate a spreadsheet, and those libraries are about 200 MB
with their dependencies: viktorlite itself does not depend on them (issue 19, item 2). An app's own
environment gets the ones its code uses from ``viktorlite install`` (a real pip run here, from the
local package index); viktorlite's own environment gets them with the extra, and a job that needs
one it lacks says to install the extra.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from support import run_viktorlite
from viktorlite import optional_library
from viktorlite.app.environment import env_dir
from viktorlite.app.environment_packages import extra_libraries, requirement_name
from viktorlite.optional_library import EXTRA_OF, MissingLibrary, require, requirement

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

WORD_APP = """import viktor as vkt
from viktor.external.word import render_word_file


class Parametrization(vkt.Parametrization):
    x = vkt.NumberField("x", default=1)


class Controller(vkt.Controller):
    parametrization = Parametrization

    @vkt.DataView("Report")
    def report(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("x", params.x)))
"""


def test_the_documents_extra_is_what_the_document_features_add_and_viktorlite_itself_lacks():
    extra = PROJECT["optional-dependencies"]["documents"]
    assert sorted(extra) == sorted(requirement(name) for name in extra_libraries("documents"))
    assert set(EXTRA_OF) == extra_libraries("documents")
    core = {requirement_name(line) for line in PROJECT["dependencies"]}
    assert core.isdisjoint(extra_libraries("documents")), "a document engine is among viktorlite's own dependencies"
    assert "viktorlite[documents]" in PROJECT["optional-dependencies"]["test"]  # the suite tests the services


def test_viktorlites_own_environment_without_the_engine_says_to_install_the_extra(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(optional_library.LIBRARIES, "docxtpl", ("docxtpl", "999.0"))
    with pytest.raises(MissingLibrary, match=re.escape("install it: pip install 'viktorlite[documents]'")):
        require("docxtpl", feature="Word documents")


def test_install_adds_the_document_engine_the_apps_code_uses_and_no_other(tmp_path: Path):
    app = tmp_path / "word_app"
    app.mkdir()
    (app / "app.py").write_text(WORD_APP)
    (app / "requirements.txt").write_text("viktor==14.36.2\n")
    (app / "viktor.config.toml").write_text('app_type = "simple"\n')
    done = run_viktorlite("install", str(app), timeout=600, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Word documents (docxtpl>=0.16)" in done.stdout
    code = (
        "import importlib.util as u; print([m for m in ('docxtpl', 'pypdf', 'openpyxl', 'formulas') if u.find_spec(m)])"
    )
    found = subprocess.run([env_dir(app) / "bin" / "python", "-c", code], capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "['docxtpl']"
    assert sys.prefix != str(env_dir(app))
