"""The wheel is the product: installed into a fresh venv, away from the source tree, it serves an app (issue 19).

The wheel is the session's, built by pip from the tracked files alone, so its build did the vendoring
(tools/vendor_build.py). The venv gets the wheel's own files; its dependencies are this environment's
(one ``.pth`` line added after the install), so the test downloads and builds nothing else. And an
installation without the front-end libraries refuses to start instead of serving 404s to the browser.

The fresh-machine flow of issue 19 end to end: one served showcase app (from the installed wheel)
answers the HTTP checks and one Chromium page, which draws a 3D, a map and a PDF view with the
libraries the wheel's build vendored. Without them the views stay empty and the page test fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest
from playwright.sync_api import expect, sync_playwright

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
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300, env=_environment()
    )
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
        env=_environment(),
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


#: Debian's Chromium, as the browser tests use it (tests/browser/conftest.py).
CHROMIUM = os.environ.get("VIKTORLITE_TEST_CHROMIUM", "/usr/bin/chromium")
#: Milliseconds a Playwright wait may take: only a hang reaches it.
HANG_MS = 120_000


@pytest.fixture(scope="module")
def served(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, int]]:
    """The showcase sample app served by the installed wheel's ``viktorlite``, and an entity of it."""
    app = copy_app(SAMPLE_APPS / "showcase", tmp_path_factory.mktemp("showcase"))
    env = {**_environment(), "PATH": f"{installed / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    with Served(app, env=env, command=[str(installed / "bin" / "viktorlite")]) as serving:
        entity = httpx2.post(serving.url + "/api/entities", json={"entity_type": "Showcase", "name": "S"}, timeout=60)
        assert entity.status_code == 201, entity.text
        yield serving, entity.json()["id"]


def test_serve_from_the_installed_wheel_answers_the_editor_and_the_vendored_libraries(served: tuple[Served, int]):
    serving, entity_id = served
    editor = httpx2.get(f"{serving.url}/entities/{entity_id}", timeout=60)
    assert editor.status_code == 200 and "/static/vendor/leaflet/leaflet.css" in editor.text
    for url in VENDORED_URLS:
        assert httpx2.get(serving.url + url, timeout=60).status_code == 200, url


@pytest.mark.browser
def test_the_installed_wheel_draws_a_3d_a_map_and_a_pdf_view_in_chromium(served: tuple[Served, int]):
    """One page, three views: each draws with a library the wheel holds (three.js, Leaflet, pdf.js)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (install it: sudo tools/apt_install.sh chromium); browser test skipped")
    serving, entity_id = served
    expect.set_options(timeout=HANG_MS)
    # In a thread of its own: an xdist worker that ran browser tests before keeps Playwright's loop
    # running in this one, and the sync API refuses to start inside a running loop.
    with ThreadPoolExecutor(max_workers=1) as runner:
        runner.submit(draw_the_three_views, serving.url, entity_id).result()


def draw_the_three_views(url: str, entity_id: int) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(HANG_MS)
            failed: list[str] = []
            page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
            page.goto(f"{url}/entities/{entity_id}")
            expect(page.locator("#editor")).to_have_attribute("data-ready", "true")

            page.locator('[data-page="models"]').click()
            page.locator('[data-view-tab="geometry"]').click()  # three.js, GLTFLoader
            expect(page.locator('[data-view="geometry"] .geometry-view')).to_have_attribute("data-node-count", "5")
            page.locator('[data-view-tab="map"]').click()  # Leaflet
            expect(page.locator('[data-view="map"] .map-view')).to_have_attribute("data-feature-count", "5")

            page.locator('[data-page="views"]').click()
            page.locator('[data-view-tab="pdf"]').click()  # pdf.js and its worker
            expect(page.locator('[data-view="pdf"] canvas[data-pdf-page="1"]')).to_have_attribute(
                "data-rendered", "true"
            )
            assert failed == [], failed
        finally:
            browser.close()


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
