"""Hot reload in the browser: the app's file is edited while the editor is open, and the page follows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from support import Served, add_number_field, break_syntax, hot_reload_app, run_viktorlite


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    return hot_reload_app(tmp_path)


def field_input(page: Page, name: str):
    return page.locator(f'[data-field="{name}"] input').first


def shown_value(page: Page, label: str):
    return page.locator(f'[data-view="values"] [data-item-label="{label}"] .data-value').first


def test_the_open_editor_follows_edits_keeps_typed_values_and_shows_load_errors(
    page: Page, served: Served, app_dir: Path
):
    page.goto(served.url + "/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    expect(page.locator("body")).to_have_attribute("data-live", "true")
    page.evaluate("window.hotReloadMarker = 'the same page'")  # gone if the page were loaded again
    length = field_input(page, "length")
    length.fill("5")
    length.dispatch_event("change")
    expect(shown_value(page, "length")).to_have_text(re.compile(r"^5"))
    app_file = app_dir / "app.py"

    add_number_field(app_file, "width", "Width", 7)
    expect(field_input(page, "width")).to_have_value("7")
    expect(field_input(page, "length")).to_have_value("5")  # typed, never saved, kept
    expect(shown_value(page, "width")).to_have_text(re.compile(r"^7"))  # the view ran again, with the new code
    expect(shown_value(page, "length")).to_have_text(re.compile(r"^5"))
    with_width = app_file.read_text()

    line = break_syntax(app_file)
    location = page.locator("[data-app-error-location]")
    expect(location).to_have_text(f"app.py:{line}")
    expect(page.locator("[data-app-error]")).to_contain_text("SyntaxError")
    expect(page.locator("#editor-main")).to_be_hidden()

    app_file.write_text(with_width)
    expect(field_input(page, "width")).to_be_visible()
    expect(page.locator("[data-app-error]")).to_have_count(0)
    expect(field_input(page, "length")).to_have_value("5")
    assert page.evaluate("window.hotReloadMarker") == "the same page"


def test_an_app_made_by_new_shows_a_field_added_to_its_file(page: Page, tmp_path: Path):
    app_dir = tmp_path / "fresh_app"
    made = run_viktorlite("new", app_dir)
    assert made.returncode == 0, made.stderr
    with Served(app_dir) as server:
        page.goto(server.url + "/")
        expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
        expect(page.locator("body")).to_have_attribute("data-live", "true")
        expect(field_input(page, "geometry.width")).to_have_value("200")
        expect(page.locator('[data-field="thickness"]')).to_have_count(0)

        add_number_field(app_dir / "app.py", "thickness", "Thickness", 12)
        expect(field_input(page, "thickness")).to_have_value("12")
        expect(field_input(page, "geometry.width")).to_have_value("200")
