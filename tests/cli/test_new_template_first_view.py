"""What a new user sees first: the ``new`` template's Properties view shows readable numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import run_viktorlite

#: Runs the template's Properties view with its defaults and prints each item's displayed text.
_SHOW = """
import json, sys
from types import SimpleNamespace as N
from viktorlite.app.viktor_alias import install
install()
sys.path.insert(0, ".")
kind = sys.argv[1]
if kind == "tree":
    from app.beam.controller import Beam as Controller
    params = N(geometry=N(width=200, height=400, length=5000))
else:
    from app import Controller
    params = N(geometry=N(width=200, height=400))
result = Controller().properties(params)
print(json.dumps({item["label"]: item["display_value"] for item in result.data._serialize()}))
"""


@pytest.mark.parametrize("app_type", ["editor", "tree"])
def test_the_first_view_of_a_new_app_shows_whole_millimetres(tmp_path: Path, app_type: str) -> None:
    app = tmp_path / f"first_{app_type}"
    assert run_viktorlite("new", app, "--type", app_type).returncode == 0
    shown = subprocess.run(
        [sys.executable, "-c", _SHOW, "tree" if app_type == "tree" else "single"],
        cwd=app,
        capture_output=True,
        text=True,
        check=True,
    )
    values = json.loads(shown.stdout)
    assert values["Second moment of area"] == "1066666667"  # not 1066666666.6666666
    assert values["Area"] == "80000"
