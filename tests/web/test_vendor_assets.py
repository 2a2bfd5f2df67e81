"""The vendored files serve checks are the ones the editor loads; a checkout without them is told the fix.

``web/vendor_assets.py`` decides whether ``serve``/``web`` start, whether ``make vendor`` runs npm
and whether a build vendors: a file the editor loads but the list lacks would still 404 in the browser.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from support import SAMPLE_APPS, copy_app
from viktorlite.cli.exit_codes import USAGE
from viktorlite.web.vendor_assets import VENDOR_DIR, VENDOR_FILES, missing_vendor_files

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
#: What the editor's pages and scripts load from /static/vendor/.
_VENDOR_URL = re.compile(r"/static/vendor/([\w./-]+\.(?:json|mjs|js|css))")
#: Loaded from /static/vendor/ but not vendored: tracked in git, or served from the plotly package (a route).
NOT_VENDORED = {"plotly.css", "plotly-maplibre.css", "plotly.min.js"}


def test_every_vendored_file_the_editor_loads_is_on_the_list():
    sources = [*WEB.glob("templates/*.html"), *WEB.glob("static/js/**/*.js")]
    loaded = {match for path in sources for match in _VENDOR_URL.findall(path.read_text())}
    assert "three/three.module.js" in loaded and "pdfjs/pdf.min.mjs" in loaded  # the pattern finds them
    assert sorted(loaded - NOT_VENDORED - set(VENDOR_FILES)) == []


def test_this_checkout_has_them_all_after_make_vendor():
    assert missing_vendor_files() == [], "run `make vendor` (`make setup` does)"
    assert VENDOR_DIR == WEB / "static" / "vendor"


def test_serve_from_a_checkout_without_them_exits_2_saying_make_vendor(tmp_path: Path):
    checkout = tmp_path / "checkout"
    for folder in ("viktorlite", "workers"):
        shutil.copytree(ROOT / folder, checkout / folder, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(WEB, checkout / "web", ignore=shutil.ignore_patterns("__pycache__", "vendor"))
    (checkout / "tools").mkdir()
    shutil.copy2(ROOT / "tools" / "vendor_frontend.sh", checkout / "tools")
    app = copy_app(SAMPLE_APPS / "beam", tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")} | {"PYTHONPATH": str(checkout)}
    ran = subprocess.run(
        [sys.executable, "-P", "-m", "viktorlite", "serve", str(app)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert ran.returncode == USAGE, ran.stdout + ran.stderr
    assert f"run `make vendor` in {checkout}" in ran.stderr and "three/three.module.js" in ran.stderr
    assert not (app / ".viktorlite").exists()  # refused before anything started
