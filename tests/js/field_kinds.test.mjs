// The editor's field widgets (web/static/js/form.js) against the field kind registry
// (web/static/js/field_kinds.js, generated from viktorlite/protocol/schema.py): every kind the editor
// shows has a widget, and no widget is for a kind the registry does not have.
import assert from "node:assert/strict";
import { test } from "node:test";

import { FIELD_KINDS } from "../../web/static/js/field_kinds.js";
import { FIELD_BUILDERS, renderItems } from "../../web/static/js/form.js";

const kindsShownAs = (editor) =>
  Object.entries(FIELD_KINDS).filter(([, kind]) => kind.editor === editor).map(([name]) => name).sort();

test("the widgets are exactly the field kinds the editor shows", () => {
  assert.deepStrictEqual(Object.keys(FIELD_BUILDERS).sort(), kindsShownAs("widget"));
});

test("hidden and unsupported kinds have no widget", () => {
  for (const name of [...kindsShownAs("hidden"), ...kindsShownAs("unsupported")]) {
    assert.equal(FIELD_BUILDERS[name], undefined, name);
  }
  assert.ok(kindsShownAs("hidden").includes("HiddenField"));
});

test("every kind has a known value and editor", () => {
  const values = new Set(["number", "integer", "text", "bool", "date", "color", "option", "entity", "file",
    "geo_point", "geo_line", "geometry_names", "rows", "any"]);
  for (const [name, kind] of Object.entries(FIELD_KINDS)) {
    assert.ok(values.has(kind.value), `${name}: ${kind.value}`);
    assert.ok(["widget", "hidden", "unsupported"].includes(kind.editor), `${name}: ${kind.editor}`);
  }
  assert.equal(typeof renderItems, "function");
});
