"""The compatibility suite: apps written like real SDK apps, each run by `viktorlite check --json`.

One Redis for all of them (the session fixture); each check starts its own real worker process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import run_viktorlite

COMPAT_APPS = Path(__file__).parent.parent / "compat_apps"
APPS = sorted(
    p.name
    for p in COMPAT_APPS.iterdir()
    if (p / "viktor.config.toml").is_file() or (p / "manifest" / "manifest.yml").is_file()  # SDK < 13 layout
)

#: Methods that end in a UserError by design (a passing status); every other method must be ok.
USER_ERRORS = {("storage_memo", "stored"), ("external_guarded", "run_scia")}
#: The result type each app's methods must produce, so a check that runs nothing cannot pass.
EXPECTED = {
    "beam_vkt": {"results": "DataResult", "moments": "PlotlyResult"},
    "from_imports": {"slenderness": "DataResult", "run": "ActionResult"},
    "package_layout": {"section": "DataResult", "overview": "DataResult"},
    "path_file": {"table": "TableResult", "chosen": "DataResult"},
    "steps": {"site_summary": "DataResult", "design_summary": "DataResult"},
    "maps": {"map": "MapResult", "geojson": "GeoJSONResult"},
    "geometry": {"model": "GeometryResult"},
    "downloads": {"plot": "ImageResult", "download_csv": "DownloadResult", "download_zip": "DownloadResult"},
    "storage_memo": {"stored": None, "memoized": "DataResult", "store": "ActionResult"},
    "legacy_views": {"png": "ImageResult", "svg": "ImageAndDataResult", "download_rows": "DownloadResult"},
    "testing_app": {"info": "DataResult"},
    "external_guarded": {"hand": "DataResult", "run_scia": None},
    "legacy_manifest": {"overview": "DataResult", "section": "DataResult"},
    "word_report": {"download_report": "DownloadResult", "drawings": "PDFResult"},
    "spreadsheet_calc": {"check": "DataResult"},
    "spreadsheet_xls": {"check": "DataResult", "download_filled": "DownloadResult"},
    "app_beside_package": {"properties": "DataResult"},
    "pinned_libs": {"environment": "DataResult", "moments": "PlotlyResult", "beam": "GeometryResult"},
}
#: Apps that pin libraries viktorlite's own environment has in other versions (or lacks): they run
#: only in their own environment, so tests/app/test_environment.py installs and checks them there.
OWN_ENVIRONMENT = {"pinned_libs"}


def test_every_compat_app_has_expectations() -> None:
    assert len(APPS) >= 12 and set(APPS) == set(EXPECTED)


@pytest.mark.parametrize("app", [app for app in APPS if app not in OWN_ENVIRONMENT])
def test_compat_app_passes_check(app: str, redis_url: str) -> None:
    done = run_viktorlite("check", COMPAT_APPS / app, "--json", "--redis-url", redis_url)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = json.loads(done.stdout)
    assert {row["method"]: row["result_type"] for row in rows} == EXPECTED[app]
    for row in rows:
        wanted = "user error" if (app, row["method"]) in USER_ERRORS else "ok"
        assert row["status"] == wanted, row


def test_an_apps_own_unit_tests_pass_with_viktor_testing() -> None:
    app = COMPAT_APPS / "testing_app"
    code = (
        "import sys, unittest; from viktorlite.app import viktor_alias; viktor_alias.install();"
        " sys.path.insert(0, '.');"
        "r = unittest.main(module=None, argv=['t', 'discover', '-s', 'tests', '-t', '.'], exit=False).result;"
        "sys.exit(0 if r.wasSuccessful() and r.testsRun == 1 else 1)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=app, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
