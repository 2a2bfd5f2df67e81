"""Input to re-render in the browser editor: a 200-field parametrization against a 10-field one.

Both forms are generated in the same run (sections of number, option, text and boolean fields;
every third field's visibility a Lookup, every number's max a Lookup), served by a real worker and
web process and driven by Chromium. One sample is one `input` event on a number field, handled
synchronously by the editor (constraints evaluated, every field validated, notices updated),
plus the forced style and layout of the page afterwards. The target is < 50 ms at 200 fields.

    .venv/bin/python benchmarks/bench_editor_inputs.py [--fields 200] [--samples 60]
"""

from __future__ import annotations

import argparse
import statistics

import httpx2
from _apps import CHROMIUM, CHROMIUM_ARGS, served_apps
from playwright.sync_api import sync_playwright

SECTION_SIZE = 20


def app_source(fields: int) -> str:
    """An app with `fields` inputs in sections of 20."""
    lines = [
        "import viktor as vkt",
        "",
        "class P(vkt.Parametrization):",
        '    show = vkt.BooleanField("Show extras", default=True)',
        '    limit = vkt.NumberField("Limit", default=1000)',
    ]
    for i in range(fields):
        section = f"s{i // SECTION_SIZE}"
        if i % SECTION_SIZE == 0:
            lines.append(f'    {section} = vkt.Section("Section {i // SECTION_SIZE}")')
        visible = ', visible=vkt.Lookup("show")' if i % 3 == 2 else ""
        kind = i % 4
        if kind == 0:
            field = f'vkt.NumberField("Number {i}", min=0, max=vkt.Lookup("limit"), default={i}, suffix="m"{visible})'
        elif kind == 1:
            field = f'vkt.OptionField("Option {i}", options=["a", "b", "c"], default="a"{visible})'
        elif kind == 2:
            field = f'vkt.TextField("Text {i}", default="t{i}"{visible})'
        else:
            field = f'vkt.BooleanField("Flag {i}"{visible})'
        lines.append(f"    {section}.f{i} = {field}")
    lines += [
        "",
        "class Form(vkt.Controller):",
        "    parametrization = P",
        "",
        '    @vkt.DataView("Data")',
        "    def data(self, params, **kwargs):",
        '        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Limit", params.limit)))',
    ]
    return "\n".join(lines) + "\n"


MEASURE = """([selector, samples]) => {
  const input = document.querySelector(selector);
  const times = [];
  for (let i = 0; i < samples; i++) {
    input.value = String(1 + (i % 50));
    const start = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    void document.body.offsetHeight; // style and layout of whatever the input changed
    times.push(performance.now() - start);
  }
  return times;
}"""


def measure(browser, url: str, entity_id: int, samples: int) -> list[float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{url}/entities/{entity_id}")
    page.wait_for_selector('#editor[data-ready="true"]', timeout=30_000)
    page.evaluate(MEASURE, ['[data-field="s0.f0"] input', 10])  # warm-up (JIT, first layout)
    times = page.evaluate(MEASURE, ['[data-field="s0.f0"] input', samples])
    fields = page.locator("[data-field]").count()
    page.close()
    print(f"  {fields} rendered fields")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fields", type=int, default=200)
    parser.add_argument("--samples", type=int, default=60)
    args = parser.parse_args()
    with served_apps("vl-bench-inputs-") as apps:
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for label, count in (("baseline", 10), ("large", args.fields)):
                _, url = apps.serve(f"form{count}", app_source(count), data=f"data{count}", manifest_timeout=30)
                entity = httpx2.post(url + "/api/entities", json={"entity_type": "Form", "name": "E"}).json()
                print(f"{label}: {count} generated fields")
                results[label] = measure(browser, url, entity["id"], args.samples)
            browser.close()
        base, large = (statistics.median(results[k]) for k in ("baseline", "large"))
        p95 = sorted(results["large"])[int(0.95 * (len(results["large"]) - 1))]
        print(f"input -> re-render, median: baseline {base:.2f} ms, {args.fields} fields {large:.2f} ms")
        print(f"  {args.fields} fields p95 {p95:.2f} ms; ratio to baseline {large / base:.1f}x; target < 50 ms")


if __name__ == "__main__":
    main()
