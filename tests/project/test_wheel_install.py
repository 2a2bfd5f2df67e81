"""The wheel is the product: installed into a fresh venv, away from the source tree, it serves an app (issue 19).

The wheel is the session's, built by pip from the tracked files alone, so its build did the vendoring
(tools/vendor_build.py). The venv gets the wheel's own files; its dependencies are this environment's
(one ``.pth`` line added after the install), so the test downloads and builds nothing else. And an
installation without the front-end libraries refuses to start instead of serving 404s to the browser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import httpx2
import pytest

from support import SAMPLE_APPS, Served, copy_app
from viktorlite.cli.exit_codes import USAGE
from wheel_build import ROOT

#: The three.js, Leaflet and pdf.js files the 3D, map and PDF views import (web/static/js/results/).
VENDORED_URLS = [
    "/static/vendor/three/three.module.js",
    "/static/vendor/three/addons/loaders/GLTFLoader.js",
    "/static/vendor/leaflet/leaflet-src.js",
    "/static/vendor/leaflet/leaflet.css",
    "/static/vendor/pdfjs/pdf.min.mjs",
    "/static/vendor/pdfjs/pdf.worker.min.mjs",
]


def _environment() -> dict[str, str]:
    """This environment without coverage's variables (a second copy of every module is not the suite's)."""
    return {key: value for key, value in os.environ.items() if not key.startswith("COVERAGE_")}


def install_wheel(wheel: Path, venv: Path) -> Path:
    """A new venv holding ``wheel``, its dependencies taken from this environment; its ``site-packages``."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # After the install, so pip never saw this environment's editable viktorlite. A plain path line:
    # site does not run that directory's own .pth files, so the editable install's finder stays out.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return site


@pytest.fixture(scope="module")
def installed(clean_checkout_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fresh venv with the session's wheel installed."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    install_wheel(clean_checkout_wheel, venv)
    return venv


def test_the_installed_wheel_is_the_viktorlite_that_runs(installed: Path, tmp_path: Path):
    code = (
        "import viktorlite.web.app, viktorlite.web.vendor_assets as assets\n"
        "print(viktorlite.web.app.__file__, assets.missing_vendor_files())"
    )
    ran = subprocess.run(
        [installed / "bin" / "python", "-c", code], capture_output=True, text=True, env=_environment(), cwd=tmp_path
    )
    assert ran.returncode == 0, ran.stderr
    module_file, missing = ran.stdout.split(maxsplit=1)
    assert module_file.startswith(str(installed)) and not module_file.startswith(str(ROOT))
    assert missing.strip() == "[]"


def test_serve_from_the_installed_wheel_answers_the_editor_and_the_vendored_libraries(installed: Path, tmp_path: Path):
    app = copy_app(SAMPLE_APPS / "beam", tmp_path)
    env = {**_environment(), "PATH": f"{installed / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    with Served(app, env=env, command=[str(installed / "bin" / "viktorlite")]) as served:
        editor = httpx2.get(served.url + "/entities/1")
        assert editor.status_code == 200 and "/static/vendor/leaflet/leaflet.css" in editor.text
        for url in VENDORED_URLS:
            assert httpx2.get(served.url + url).status_code == 200, url


def test_serve_and_web_refuse_to_start_without_the_vendored_libraries(clean_checkout_wheel: Path, tmp_path: Path):
    site = install_wheel(clean_checkout_wheel, tmp_path / "venv")
    shutil.rmtree(site / "viktorlite" / "web" / "static" / "vendor" / "pdfjs")
    app = copy_app(SAMPLE_APPS / "beam", tmp_path)
    viktorlite = str(tmp_path / "venv" / "bin" / "viktorlite")
    for args in (["serve", str(app)], ["web", str(app), "--redis-url", "redis://127.0.0.1:9/0"]):
        ran = subprocess.run([viktorlite, *args], capture_output=True, text=True, env=_environment(), timeout=120)
        assert ran.returncode == USAGE, ran.stdout + ran.stderr
        assert "pdfjs/pdf.min.mjs" in ran.stderr and "reinstall viktorlite from a wheel built with npm" in ran.stderr
        assert "press Ctrl-C" not in ran.stdout + ran.stderr  # nothing started
        assert not (app / ".viktorlite").exists()  # no data dir, no lock, no Redis
