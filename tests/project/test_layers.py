"""The web process stays light and never loads app code: the layers of docs/architecture.md hold at run time.

import-linter checks the import graph in `make test`; this checks what importing the web app really loads.
"""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN_IN_THE_WEB_PROCESS = (
    "viktorlite.sdk",
    "viktorlite.app.loader",
    "viktor",
    "numpy",
    "plotly",
    "pandas",
    "trimesh",
)


def test_importing_the_web_app_loads_no_sdk_module_and_none_of_the_libraries_only_apps_need():
    code = "import json, sys, viktorlite.web.app; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    unwanted = [m for m in loaded if any(m == f or m.startswith(f + ".") for f in FORBIDDEN_IN_THE_WEB_PROCESS)]
    assert not unwanted, f"the web process imported {unwanted}"
    assert "viktorlite.web.routes.api" in loaded  # it did load the routes
