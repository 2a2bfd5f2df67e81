"""A committed change (blur, Enter, a select or radio, a checkbox, a slider released) sends the view job
at once; only keystrokes in a text or number box wait for the next one (the editor's debounce).

Each check dispatches the event in the page and reads the view's ``data-state`` in the same task: a run
started at once is already ``loading`` when the event's dispatch returns, a debounced one is not. No
clock is involved, so the checks hold however loaded the machine is.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

#: Dispatch `events` on the element `selector` names (after `set` ran on it) and return the data view's
#: state right after each, in the same task.
DISPATCH = """([selector, set, events]) => {
  const el = document.querySelector(selector);
  el.focus();
  if (set !== null) { if (el.type === "checkbox" || el.type === "radio") el.checked = set; else el.value = set; }
  const view = document.querySelector('[data-view="data"]');
  return events.map((type) => {
    el.dispatchEvent(new Event(type, { bubbles: true }));
    return view.dataset.state;
  });
}"""


def ready_editor(page: Page, url: str, entity_id: int) -> None:
    page.goto(f"{url}/entities/{entity_id}")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    expect(page.locator('[data-view="data"]')).to_have_attribute("data-state", "ready")


def test_typing_waits_and_the_commit_runs_at_once(page: Page, kitchen):
    url, entity_id = kitchen
    ready_editor(page, url, entity_id)
    price = '[data-field="inputs.nums.price"] input'
    after_input, after_change = page.evaluate(DISPATCH, [price, "14", ["input", "change"]])
    assert after_input == "ready"  # a keystroke: the run waits for the next one
    assert after_change == "loading"  # the blur committed it: the run started at once
    expect(page.locator('[data-view="data"] [data-item-label="Price"] .data-value')).to_contain_text("14.00")


def test_enter_in_a_text_box_runs_at_once(page: Page, kitchen):
    url, entity_id = kitchen
    ready_editor(page, url, entity_id)
    named = '[data-field="inputs.nums.named"] input'
    (after_input,) = page.evaluate(DISPATCH, [named, "typed", ["input"]])
    assert after_input == "ready"
    states = page.evaluate(
        """(selector) => {
          const el = document.querySelector(selector);
          el.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
          return document.querySelector('[data-view="data"]').dataset.state;
        }""",
        named,
    )
    assert states == "loading"
    expect(page.locator('[data-view="data"] [data-item-label="Named"] .data-value')).to_have_text("typed")


@pytest.mark.parametrize(
    ("selector", "value", "event", "label", "shown"),
    [
        ('[data-field="inputs.opts.radio"] input[data-option-value=\'"c"\']', True, "change", "Radio", "c"),
        ('[data-field="inputs.nums.slider"] input[type="range"]', "7", "change", "Slider", "7.0"),
    ],
)
def test_a_committed_change_runs_at_once(page: Page, kitchen, selector, value, event, label, shown):
    url, entity_id = kitchen
    ready_editor(page, url, entity_id)
    events = ["input", event] if label == "Slider" else [event]
    states = page.evaluate(DISPATCH, [selector, value, events])
    assert states[-1] == "loading", states
    expect(page.locator(f'[data-view="data"] [data-item-label="{label}"] .data-value')).to_have_text(shown)
