"""Every kind of input in the real editor: typed, picked, toggled, uploaded, added, pasted, hidden
and shown by Lookups and callbacks, refused when invalid; then the params the saved entity holds.

Drives sample_apps/inputs (a tree app: Project > Design, Survey) with a real Chromium, web process,
Redis and worker.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import SAMPLE_APPS


class Served:
    def __init__(self, url: str, ids: dict[str, int]) -> None:
        self.url = url
        self.ids = ids

    def params(self, name: str) -> dict[str, Any]:
        return httpx2.get(f"{self.url}/api/entities/{self.ids[name]}").json()["params"]

    def open(self, page: Page, name: str) -> None:
        page.goto(f"{self.url}/entities/{self.ids[name]}")
        expect(page.locator("#editor")).to_have_attribute("data-ready", "true")


@pytest.fixture
def app(start_module_app, start_module_web) -> Served:
    """A tree of its own (Bridge > Deck, Pier, Soil survey) in the one inputs app (workers and web process)
    the module's tests share: the entity pickers list a test's siblings by its own parent."""
    url = start_module_web(start_module_app(SAMPLE_APPS / "inputs"))
    ids: dict[str, int] = {}

    def create(kind: str, name: str, parent: str | None = None) -> None:
        body = {"entity_type": kind, "name": name, "parent_id": ids[parent] if parent else None}
        created = httpx2.post(url + "/api/entities", json=body)
        assert created.status_code == 201, created.text
        ids[name] = created.json()["id"]

    create("Project", "Bridge")
    create("Design", "Deck", "Bridge")
    create("Design", "Pier", "Bridge")
    create("Survey", "Soil survey", "Bridge")
    return Served(url, ids)


def field(page: Page, path: str):
    return page.locator(f'[data-field="{path}"]')


def toggle(page: Page, path: str) -> None:
    """Flip a BooleanField (its switch track covers the checkbox, as in the real editor)."""
    field(page, path).locator("label.switch").click()


def save(page: Page) -> None:
    before = page.locator("#save-status").text_content() or ""
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_have_text(re.compile(r"Saved \(revision \d+\)"))
    expect(page.locator("#save-status")).not_to_have_text(before)


def summary(page: Page, label: str):
    return page.locator(f'[data-view="summary"] [data-item-label="{label}"] .data-value')


def test_basic_fields_typed_picked_and_toggled_end_up_in_the_saved_params(page: Page, app: Served):
    app.open(page, "Deck")
    field(page, "basics.numbers.span").locator("input").fill("12.5")
    field(page, "basics.numbers.load").locator("input[type=range]").fill("45")
    field(page, "basics.numbers.width").locator("input").fill("0.4567")  # num_decimals=2
    field(page, "basics.text.title").locator("input").fill("<b>Deck</b> beam")
    field(page, "basics.text.notes").locator("textarea").fill("line 1\nline 2")
    field(page, "basics.text.start").locator("input").fill("2025-06-30")
    field(page, "basics.text.colour").locator("input.color-hex").fill("#ff8000")
    # the grade options come from a callback job on the material
    grade = field(page, "basics.choices.grade").locator("select")
    expect(grade.locator("option")).to_have_text(["Select an option", "S235", "S355", "S460"])
    field(page, "basics.choices.material").locator("select").select_option(label="timber")
    expect(grade.locator("option")).to_have_text(["Select an option", "C24", "GL28h"])
    grade.select_option(label="GL28h")
    field(page, "basics.choices.support").get_by_label("Fixed").check()
    field(page, "basics.choices.checks").get_by_label("shear").check()
    field(page, "basics.choices.checks").get_by_label("bending").uncheck()
    field(page, "basics.choices.profile").locator("input").fill("ipe 300")
    toggle(page, "basics.choices.braced")
    toggle(page, "basics.choices.painted")
    # OutputField from a callback: width 0.46 x height 0.5
    expect(field(page, "basics.numbers.area").locator("input")).to_have_value("0.23")
    expect(summary(page, "Span")).to_have_text("12.5 m")
    expect(summary(page, "Colour")).to_have_text("#ff8000")
    save(page)

    params = app.params("Deck")
    assert params["basics"]["numbers"] == {
        "span": 12.5,
        "load": 45,
        "width": 0.46,
        "height": 0.5,
        "count": 2,
        "eccentricity": None,
    }
    assert params["basics"]["text"] == {
        "title": "<b>Deck</b> beam",
        "notes": "line 1\nline 2",
        "start": "2025-06-30",
        "colour": {"r": 255, "g": 128, "b": 0},
    }
    assert params["basics"]["choices"] == {
        "material": "timber",
        "grade": "GL28h",
        "support": "fixed",
        "checks": ["shear"],
        "profile": "IPE 300",
        "braced": True,
        "painted": False,
    }
    assert params["hidden_value"] is None  # a HiddenField: kept in params, never shown
    assert page.locator('[data-field="basics.text.secret"]').count() == 0
    assert "area" not in params["basics"]["numbers"]  # OutputFields never reach params
    assert page.evaluate("window.injected") is None


def test_lookups_and_callbacks_show_and_hide_fields_and_invalid_values_block(page: Page, app: Served):
    app.open(page, "Deck")
    page.locator('[data-page="constraints"]').click()
    by_lookup = field(page, "constraints.by_lookup")
    expect(by_lookup).to_be_hidden()
    expect(field(page, "constraints.by_not")).to_be_visible()
    toggle(page, "constraints.advanced")  # Lookup -> shown at once, no job
    expect(by_lookup).to_be_visible()
    expect(field(page, "constraints.by_not")).to_be_hidden()
    expect(field(page, "constraints.by_and")).to_be_hidden()
    expect(page.locator('[data-tab="constraints.tab_b"]')).to_be_hidden()
    field(page, "constraints.mode").get_by_label("expert").check()  # IsEqual, And, a tab's visible
    expect(field(page, "constraints.by_and")).to_be_visible()
    expect(field(page, "constraints.by_not_equal")).to_be_hidden()
    expect(page.locator('[data-tab="constraints.tab_b"]')).to_be_visible()
    expect(field(page, "constraints.broken")).to_be_visible()  # a broken Lookup falls back to visible
    expect(field(page, "constraints.echo_title").locator("input")).to_have_value("Beam B1")
    expect(field(page, "constraints.doubled_span").locator("input")).to_have_value("12")  # FunctionLookup

    # a callback: heavy loads show the factor (evaluated by a callback job)
    heavy = field(page, "constraints.by_callback")
    expect(heavy).to_be_hidden()
    page.locator('[data-page="basics"]').click()
    field(page, "basics.numbers.load").locator("input[type=range]").fill("80")
    page.locator('[data-page="constraints"]').click()
    expect(heavy).to_be_visible()

    # max=Lookup(count): 5 is too many for count 2; views, buttons and saving wait for a fix
    limited = field(page, "constraints.limited")
    limited.locator("input").fill("5")
    expect(limited).to_have_attribute("data-invalid", "constraint")
    expect(limited.locator(".field-error")).to_have_text("Value must be at most 2")
    expect(page.locator('[data-view="summary"] [data-notice="blocked"]')).to_be_visible()
    page.keyboard.press("Control+s")
    expect(page.locator(".toast")).to_contain_text("Fix the invalid inputs before saving")
    assert app.params("Deck")["constraints"]["limited"] == 1
    page.locator('[data-page="basics"]').click()
    field(page, "basics.numbers.count").locator("input").fill("6")  # raising the limit fixes it
    page.locator('[data-page="constraints"]').click()
    expect(limited).not_to_have_attribute("data-invalid", re.compile(".*"))
    save(page)
    params = app.params("Deck")
    assert params["constraints"]["limited"] == 5
    assert params["constraints"]["advanced"] is True and params["constraints"]["mode"] == "expert"


def test_dynamic_array_rows_and_table_paste(page: Page, app: Served):
    app.open(page, "Deck")
    page.locator('[data-page="rows"]').click()
    beams = field(page, "rows.beams")
    expect(beams.locator("[data-row]")).to_have_count(1)
    expect(beams.locator(".array-row-title")).to_have_text(["Beam 1"])
    beams.locator("[data-array-add]").click()  # copylast: a copy of the last row
    expect(beams.locator("[data-row]")).to_have_count(2)
    expect(field(page, "rows.beams.1.length").locator("input")).to_have_value("4")
    # RowLookup and DynamicArrayConstraint: per row
    field(page, "rows.beams.1.kind").locator("select").select_option("timber")
    expect(field(page, "rows.beams.1.coating")).to_be_hidden()
    expect(field(page, "rows.beams.1.grain")).to_be_visible()
    expect(field(page, "rows.beams.0.coating")).to_be_visible()
    field(page, "rows.beams.1.grain").locator("input").fill("straight")
    field(page, "rows.beams.1.count").locator("input").fill("3")
    # an OutputField in an array: one callback value per row (length x count)
    expect(field(page, "rows.beams.1.total").locator("input")).to_have_value("12")
    # max 4 rows: the add button stops there; min 1: the last row cannot be removed
    beams.locator("[data-array-add]").click()
    beams.locator("[data-array-add]").click()
    expect(beams.locator("[data-row]")).to_have_count(4)
    expect(beams.locator("[data-array-add]")).to_be_disabled()
    beams.locator('[data-row="3"] [data-row-remove]').click()
    beams.locator('[data-row="2"] [data-row-remove]').click()
    expect(beams.locator("[data-row]")).to_have_count(2)

    table = field(page, "rows.loads")
    table.locator("[data-table-add]").click()
    expect(table.locator("tbody tr")).to_have_count(2)
    first_cell = table.locator('tbody tr[data-row="1"] [data-cell="1:0"]')
    first_cell.focus()
    # paste a 3x5 block of spreadsheet cells at row 2: a row is added for the third line
    page.evaluate(
        """([selector, text]) => {
            const cell = document.querySelector(selector);
            const data = new DataTransfer();
            data.setData("text/plain", text);
            cell.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [
            '[data-field="rows.loads"] [data-cell="1:0"]',
            "live\t2,5\t2\tyes\tvariable\nwind\t3\t1\tno\tpermanent\nsnow\t0.8\t1\tx\tVariable\n",
        ],
    )
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table.locator('[data-cell="3:0"]')).to_have_value("snow")
    # a cell that is not a number is marked, and blocks until fixed
    table.locator('[data-cell="2:1"]').fill("lots")
    expect(table).to_have_attribute("data-invalid", "constraint")
    expect(table.locator("td.is-invalid")).to_have_count(1)
    table.locator('[data-cell="2:1"]').fill("3.5")
    expect(table).not_to_have_attribute("data-invalid", re.compile(".*"))
    table.locator('tbody tr[data-row="0"] [data-row-remove]').click()
    expect(table.locator("tbody tr")).to_have_count(3)
    save(page)

    params = app.params("Deck")
    assert params["rows"]["beams"] == [
        {"length": 4, "count": 1, "kind": "steel", "coating": "", "grain": ""},
        {"length": 4, "count": 3, "kind": "timber", "coating": "", "grain": "straight"},
    ]
    assert params["rows"]["loads"] == [
        {"case": "live", "value": 2.5, "factor": 2, "active": True, "kind": "variable", "source": None},
        {"case": "wind", "value": 3.5, "factor": 1, "active": False, "kind": "permanent", "source": None},
        {"case": "snow", "value": 0.8, "factor": 1, "active": True, "kind": "variable", "source": None},
    ]


def test_uploads_geo_values_and_entity_fields(page: Page, app: Served, tmp_path: Path):
    app.open(page, "Deck")
    page.locator('[data-page="places"]').click()
    drawing = field(page, "places.drawing")
    wrong = tmp_path / "plan.png"
    wrong.write_bytes(b"not text")
    drawing.locator("input[type=file]").set_input_files(wrong)
    expect(drawing.locator(".field-error")).to_contain_text("only .txt, .csv files are allowed")
    good = tmp_path / "plan.TXT"
    good.write_text("beam plan v2")
    drawing.locator("input[type=file]").set_input_files(good)
    expect(drawing.locator(".file-chip .file-name")).to_have_text(["plan.TXT"])
    photos = field(page, "places.photos")
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(name)
    photos.locator("input[type=file]").set_input_files([tmp_path / "a.txt", tmp_path / "b.txt"])
    expect(photos.locator(".file-chip .file-name")).to_have_text(["a.txt", "b.txt"])
    photos.get_by_label("Remove a.txt").click()
    expect(photos.locator(".file-chip .file-name")).to_have_text(["b.txt"])

    location = field(page, "places.location")
    location.locator('[data-coord="lat"]').fill("95")
    location.locator('[data-coord="lon"]').fill("4.36")
    expect(location.locator(".field-error")).to_have_text("Latitude must be within -90 and 90")
    location.locator('[data-coord="lat"]').fill("52.01")
    expect(location).not_to_have_attribute("data-invalid", re.compile(".*"))
    plot = field(page, "places.plot").locator("textarea")
    plot.fill("52.0, 4.3\n52.1, 4.3")
    expect(field(page, "places.plot").locator(".field-error")).to_have_text("Enter at least 3 points")
    plot.fill("52.0, 4.3\n52.1, 4.3\n52.05 4.4")

    sibling = field(page, "places.sibling").locator("select")
    expect(sibling.locator("option")).to_have_text(["Select an entity", "Pier", "Soil survey"])
    sibling.select_option(label="Pier")
    siblings = field(page, "places.siblings")  # only Designs
    expect(siblings.locator("label")).to_have_text(["Pier"])
    # Every Design of the app is listed (each test made its own Deck): this test's Deck by its id.
    any_entity = field(page, "places.any_entity").locator("select")
    expect(any_entity.locator(f'option[value="{app.ids["Deck"]}"]')).to_have_text("Deck")
    any_entity.select_option(value=str(app.ids["Deck"]))
    expect(page.locator('[data-image="places.picture"] img')).to_have_js_property("naturalWidth", 240)
    expect(summary(page, "Drawing")).to_have_text("beam plan v2")  # the app reads the upload
    expect(summary(page, "Sibling")).to_have_text("Pier")
    save(page)

    params = app.params("Deck")["places"]
    assert params["drawing"]["filename"] == "plan.TXT" and params["drawing"]["file_id"]
    assert [f["filename"] for f in params["photos"]] == ["b.txt"]
    assert params["location"] == {"lat": 52.01, "lon": 4.36}
    assert params["plot"] == {
        "points": [{"lat": 52.0, "lon": 4.3}, {"lat": 52.1, "lon": 4.3}, {"lat": 52.05, "lon": 4.4}]
    }
    assert params["sibling"] == app.ids["Pier"]
    assert params["any_entity"] == app.ids["Deck"]
    assert params["siblings"] == []


def test_step_on_next_blocks_until_fixed_and_disabled_steps_are_skipped(page: Page, app: Served):
    app.open(page, "Soil survey")
    expect(page.locator("[data-step]")).to_have_text([re.compile("Site"), re.compile("Soil"), re.compile("Result")])
    expect(page.locator('[data-step="soil"]')).to_have_attribute("data-enabled", "false")  # a callback says so
    next_button = page.locator("[data-step-next]")
    expect(next_button).to_have_text("To the soil")
    next_button.click()  # on_next raises a UserError: stay, and mark the field
    name = field(page, "site.name")
    expect(name).to_have_attribute("data-invalid", "user")
    expect(name.locator(".field-error")).to_have_text("A site needs a name")
    expect(page.locator(".toast")).to_contain_text("Name the site first.")
    expect(page.locator("#editor")).to_have_attribute("data-active-group", "site")
    name.locator("input").fill("Delft")
    next_button.click()
    expect(page.locator("#editor")).to_have_attribute("data-active-group", "result")  # soil skipped
    expect(page.locator("[data-step-prev]")).to_have_text("Previous")
    page.locator("[data-step-prev]").click()
    toggle(page, "site.has_soil")
    expect(page.locator('[data-step="soil"]')).to_have_attribute("data-enabled", "true")
    next_button.click()
    expect(page.locator("#editor")).to_have_attribute("data-active-group", "soil")
    expect(page.locator("[data-step-prev]")).to_have_text("Back to site")
    save(page)
    assert app.params("Soil survey")["site"] == {"name": "Delft", "has_soil": True}


def test_buttons_are_laid_out_and_announce_clicks(page: Page, app: Served):
    app.open(page, "Deck")
    page.locator('[data-page="actions"]').click()
    buttons = page.locator("[data-button]")
    expect(buttons).to_have_text(
        ["Run analysis", "Analyse (old name)", "Download report", "Reset span", "Optimise", "Pick on map"]
    )
    page.evaluate("window.clicked = []; document.addEventListener('vl:button', (e) => window.clicked.push(e.detail))")
    page.locator('[data-button="download_report"]').click(force=True)  # aria-disabled: not run yet
    clicked = page.evaluate("window.clicked")
    assert [(c["method"], c["type"]) for c in clicked] == [("download_report", "DownloadButton")]
    # invalid inputs block buttons
    page.locator('[data-page="basics"]').click()
    field(page, "basics.numbers.span").locator("input").fill("99")
    page.locator('[data-page="actions"]').click()
    expect(page.locator('[data-button="download_report"]')).to_have_attribute("data-blocked", "true")
    page.locator('[data-button="download_report"]').click(force=True)  # aria-disabled: not run yet
    assert len(page.evaluate("window.clicked")) == 1


def test_a_wrong_file_stays_reported_after_a_view_finishes(page: Page, app: Served, tmp_path: Path):
    """A file of the wrong type is the field's own problem: a view's result (which clears the input
    violations of the jobs before it) must not hide it."""
    app.open(page, "Deck")
    span = page.locator('[data-view="summary"] [data-item-label="Span"] .data-value')
    expect(span).to_contain_text("6")  # the opening run is done
    page.locator('[data-page="places"]').click()
    drawing = field(page, "places.drawing")
    wrong = tmp_path / "plan.png"
    wrong.write_bytes(b"not text")
    drawing.locator("input[type=file]").set_input_files(wrong)
    error = drawing.locator(".field-error")
    expect(error).to_contain_text("only .txt, .csv files are allowed")

    page.locator('[data-page="basics"]').click()
    number = field(page, "basics.numbers.span").locator("input").first
    number.fill("7")
    number.dispatch_event("change")
    expect(span).to_contain_text("7")  # the view ran again and its result is shown
    page.locator('[data-page="places"]').click()
    expect(error).to_contain_text("only .txt, .csv files are allowed")
    expect(error).to_be_visible()
