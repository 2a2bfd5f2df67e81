"""What a person sees of every view and button type, in the showcase sample app, in a real Chromium."""

from __future__ import annotations

import re

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import SAMPLE_APPS


@pytest.fixture
def showcase(start_module_app, start_module_web) -> tuple[str, int]:
    """An entity of its own, in the one showcase app (workers and web process) the module's tests share."""
    url = start_module_web(start_module_app(SAMPLE_APPS / "showcase"))
    entity = httpx2.post(url + "/api/entities", json={"entity_type": "Showcase", "name": "Showcase 1"})
    assert entity.status_code == 201, entity.text
    return url, entity.json()["id"]


def open_editor(page: Page, showcase, group: str | None = None) -> None:
    url, entity_id = showcase
    page.goto(f"{url}/entities/{entity_id}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    if group:
        page.locator(f'[data-page="{group}"]').click()


def open_view(page: Page, method: str):
    page.locator(f'[data-view-tab="{method}"]').click()
    view = page.locator(f'[data-view="{method}"]')
    expect(view).to_have_attribute("data-state", re.compile("ready|error"))
    return view


def set_number(page: Page, path: str, value: str) -> None:
    field = page.locator(f'[data-field="{path}"] input').first
    field.fill(value)
    field.dispatch_event("change")


def test_data_plotly_image_and_and_data_views(page: Page, showcase):
    open_editor(page, showcase, "views")
    area = page.locator('[data-view="data"] [data-item-label="Area"] .data-value')
    expect(area).to_have_text("9.00 m²")
    set_number(page, "views.size", "4")
    expect(area).to_have_text("16.00 m²")  # a quick view follows the input

    view = open_view(page, "plot")
    expect(view.locator(".scatterlayer .trace")).to_have_count(1)  # the trace is drawn

    view = open_view(page, "image")
    image = view.locator("img.result-image")
    expect(image).to_have_attribute("data-image", "image/png")
    expect(image).to_have_js_property("naturalWidth", 160)  # waits for the image to load

    page.locator('[data-field="views.image_type"] select').select_option("svg")
    expect(image).to_have_attribute("data-image", "image/svg+xml")
    expect(image).to_have_js_property("naturalWidth", 320)
    assert page.title() != "svg script ran"  # an app's SVG never runs script in the editor

    view = open_view(page, "plot_and_data")
    expect(view.locator(".and-data-visual .main-svg").first).to_be_visible()
    expect(view.locator('.and-data-panel [data-item-label="Area"] .data-value')).to_have_text("16.00 m²")


def test_pdf_pages_are_drawn(page: Page, showcase):
    open_editor(page, showcase, "views")
    view = open_view(page, "pdf")
    expect(view.locator(".pdf-view")).to_have_attribute("data-pdf-pages", "1")
    canvas = view.locator('canvas[data-pdf-page="1"]')
    expect(canvas).to_have_attribute("data-rendered", "true")
    dark = canvas.evaluate(
        """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 100) n++; return n; }"""
    )
    assert dark > 100  # the text is on the page, not a blank canvas


def test_web_view_html_runs_inside_a_sandbox_that_cannot_reach_the_editor(page: Page, showcase):
    open_editor(page, showcase, "views")
    view = open_view(page, "web")
    frame_element = view.locator("iframe.web-frame")
    sandbox = frame_element.get_attribute("sandbox") or ""
    assert "allow-scripts" in sandbox and "allow-same-origin" not in sandbox
    frame = page.frame_locator('[data-view="web"] iframe.web-frame')
    expect(frame.locator("#greeting")).to_have_text("Hello viktorlite")
    expect(frame.locator("#reach")).to_have_text("sandboxed: the editor is out of reach")


def test_table_cells_colours_sorting_and_filtering(page: Page, showcase):
    open_editor(page, showcase, "views")
    view = open_view(page, "table")
    rows = view.locator("tbody tr")
    expect(rows).to_have_count(5)
    cell = rows.nth(2).locator("td").nth(2)
    expect(cell).to_have_text("0.45")
    assert cell.evaluate("td => getComputedStyle(td).backgroundColor") == "rgb(200, 240, 200)"
    expect(rows.nth(2).locator("td").nth(1)).to_have_text("9.0")  # the header's num_decimals
    view.locator('th[data-column="1"]').click()
    view.locator('th[data-column="1"]').click()  # descending
    expect(rows.first.locator("td").first).to_have_text("Beam 5")
    view.locator('input[data-filter-column="1"]').fill("< 7")
    expect(rows).to_have_count(2)


def test_3d_model_nodes_are_in_the_threejs_scene(page: Page, showcase):
    open_editor(page, showcase, "models")
    view = open_view(page, "geometry")
    model = view.locator(".geometry-view")
    expect(model).to_have_attribute("data-node-count", "5")  # 3 beams, a sphere and a cone
    assert model.get_attribute("data-node-names") == '["beam 1","beam 2","beam 3","ball","cone"]'
    expect(view.locator(".geometry-label")).to_have_text("ball")
    expect(model).to_have_attribute("data-shadows", "true")  # default_shadow=True ...
    view.get_by_role("button", name="Shadows").click()
    expect(model).to_have_attribute("data-shadows", "false")  # ... and the user can switch them off
    set_number(page, "models.count", "5")
    expect(model).to_have_attribute("data-node-count", "7")

    view = open_view(page, "gltf_file")
    expect(view.locator(".geometry-view")).to_have_attribute("data-node-names", '["triangle"]')
    expect(view.locator(".geometry-view")).to_have_attribute("data-up-axis", "Y")


def test_map_features_labels_and_legend(page: Page, showcase):
    open_editor(page, showcase, "models")
    view = open_view(page, "map")
    expect(view.locator(".map-view")).to_have_attribute("data-feature-count", "5")
    expect(view.locator('.map-marker[data-feature-title="Site"]')).to_have_count(1)
    expect(view.locator('path[data-feature-title="Storage area"]')).to_have_count(1)
    expect(view.locator(".map-label-text")).to_have_text("Site")
    expect(view.locator(".map-legend")).to_contain_text("Safety zone")
    view.locator('.map-marker[data-feature-title="Site"]').click()
    expect(view.locator(".map-popup")).to_contain_text("The site office")

    view = open_view(page, "map_and_data")  # GeoPoint.from_rd: the RD origin lies in Amersfoort
    expect(view.locator('.and-data-panel [data-item-label="Latitude"] .data-value')).to_have_text("52.15517")


def test_a_map_select_interaction_lets_the_user_pick_features_first(page: Page, showcase):
    open_editor(page, showcase, "models")
    page.locator('[data-button="inspect"]').click()
    view = page.locator('[data-view="map"]')
    expect(view).to_be_visible()  # the button switched to its map view
    banner = view.locator(".map-select-banner")
    expect(banner).to_contain_text("Select 1 to 2 features")
    expect(banner.locator("[data-select-confirm]")).to_be_disabled()
    view.locator('.map-marker[data-feature-id="site"]').click()
    view.locator('.map-marker[data-feature-id="crane"]').click()
    expect(view.locator(".map-marker.is-selected")).to_have_count(2)
    banner.locator("[data-select-confirm]").click()
    expect(banner).to_have_count(0)
    expect(page.locator(".toast-info").last).to_have_text(re.compile("Selected on the map: site, crane"))


def test_download_button_saves_the_file_and_invalid_inputs_block_it(page: Page, showcase):
    open_editor(page, showcase, "actions")
    button = page.locator('[data-button="download_report"]')
    set_number(page, "actions.width", "0")  # below its min of 0.1
    expect(button).to_have_attribute("aria-disabled", "true")
    set_number(page, "actions.width", "2")
    expect(button).to_have_attribute("aria-disabled", "false")
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "report (final).txt"  # the name the app gave
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == b"Report\nwidth: 2\nheight: 1\n"


def test_set_params_and_optimisation_results_land_in_the_fields(page: Page, showcase):
    open_editor(page, showcase, "actions")
    height = page.locator('[data-field="actions.height"] input').first
    width = page.locator('[data-field="actions.width"] input').first
    page.locator('[data-button="make_square"]').click()
    expect(height).to_have_value("2")
    expect(width).to_have_value("2")  # a field the result does not name keeps its value

    page.locator('[data-button="optimize"]').click()
    dialog = page.locator("dialog[data-optimization]")
    expect(dialog.locator("tbody tr")).to_have_count(3)
    expect(dialog.locator("img")).to_be_visible()
    dialog.locator('tr[data-option="2"]').click()
    dialog.locator("[data-use-option]").click()
    expect(dialog).to_have_count(0)
    expect(width).to_have_value("3")
    expect(height).to_have_value("2")


#: Records in ``window.progressShown`` each text the run_analysis button's progress line shows. Before,
#: the test read the line every 0.1 s from here: on a loaded machine each read took long enough to see
#: fewer than five of the updates of a 4 s job.
RECORD_PROGRESS = """() => {
  window.progressShown = [];
  const record = () => {
    const line = document.querySelector('[data-button-progress="run_analysis"]');
    if (line && line.textContent) window.progressShown.push(line.textContent);
  };
  new MutationObserver(record).observe(document.body, { childList: true, subtree: true, characterData: true });
}"""


def test_progress_messages_arrive_before_the_job_ends(page: Page, showcase):
    open_editor(page, showcase, "actions")
    set_number(page, "actions.seconds", "4")
    page.evaluate(RECORD_PROGRESS)  # every text the line shows, however slowly this process polls
    page.locator('[data-button="run_analysis"]').click()
    progress = page.locator('[data-button-progress="run_analysis"]')
    expect(progress).to_have_text(re.compile(r"Analysing: step \d+ of 100 \(\d+%\)"))
    expect(page.locator(".toast-success")).to_contain_text("Analysis finished")
    expect(progress).to_have_count(0)  # the button is free again
    seen = set(page.evaluate("() => window.progressShown"))
    assert len(seen) >= 5, seen  # several distinct updates were shown while the button was busy

    page.locator('[data-view-tab="long_analysis"]').click()  # a slow view waits for its update button
    view = page.locator('[data-view="long_analysis"]')
    view.locator("[data-update-view]").click()  # ... and shows its progress in the overlay
    expect(view.locator(".overlay-text")).to_have_text(re.compile(r"Step \d+ of 100"))
    expect(view).to_have_attribute("data-state", "loading")
    expect(view.locator('[data-item-label="Steps done"] .data-value')).to_have_text("100")


def test_slow_view_keeps_its_result_and_says_it_is_outdated(page: Page, showcase):
    open_editor(page, showcase, "actions")
    view = page.locator('[data-view="slow"]')
    area = view.locator('[data-item-label="Area"] .data-value')
    expect(view.locator("[data-update-view]")).to_have_text("Recalculate")
    expect(view).to_have_attribute("data-state", "idle")  # entering the editor does not run a slow view
    view.locator("[data-update-view]").click()
    expect(area).to_have_text("2.00")
    set_number(page, "actions.width", "3")
    expect(view.locator('.view-notice[data-notice="outdated"]')).to_be_visible()
    expect(area).to_have_text("2.00")  # the old result stays
    view.locator("[data-update-view]").click()
    expect(area).to_have_text("3.00")
    expect(view.locator(".view-notice")).to_be_hidden()


def test_messages_show_as_toasts_and_in_the_job_log(page: Page, showcase):
    open_editor(page, showcase, "actions")
    open_view(page, "messages")
    expect(page.locator(".toast-warning")).to_contain_text("The width is only an estimate")
    expect(page.locator(".toast-success")).to_contain_text("All checks passed")
    page.locator("#job-log-button").click()
    entry = page.locator('#job-log .job-log-entry[data-status="ok"]').filter(has_text="messages").first
    expect(entry.locator(".job-log-messages li")).to_have_count(3)


def test_a_bad_result_shows_its_method_and_problem_in_the_view(page: Page, showcase):
    open_editor(page, showcase, "actions")
    view = open_view(page, "bad_type")
    message = view.locator(".job-error-message")
    expect(message).to_have_text("DataView 'bad_type' must return a DataResult, not PlotlyResult")
    view = open_view(page, "bad_value")
    message = view.locator(".job-error-message")
    expect(message).to_contain_text("PlotlyView 'bad_value' returned a result that cannot be shown")
