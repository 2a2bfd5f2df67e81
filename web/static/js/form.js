// Renders a parametrization schema (docs/protocol.md) into the input panel.
//
// renderItems(items, ctx) returns a DocumentFragment. Every input field registers a controller
// in ctx.fields (keyed by its path) and every item with something dynamic (visibility, min/max,
// options, an output value) an entry in ctx.dynamics (see dynamic.js). The editor owns the
// params; fields read them through ctx.get(storage) and report edits through ctx.change(field,
// value). ctx.scope is the visibility scope of the group being rendered. The field families live
// in fields/*.js.

import { h, infoIcon } from "./dom.js";
import { entry, scope } from "./dynamic.js";
import { FIELD_KINDS } from "./field_kinds.js";
import { autocompleteField, booleanField, multiSelectField, optionField } from "./fields/choice.js";
import { buttonItem, childEntityManager, imageItem, lineBreak, outputField, textItem } from "./fields/display.js";
import { entityField } from "./fields/entities.js";
import { fileField } from "./fields/files.js";
import { geoLineField, geoPointField } from "./fields/geo.js";
import { numberField } from "./fields/numbers.js";
import { dynamicArray, tableField } from "./fields/rows.js";
import { unsupported } from "./fields/shell.js";
import {
  colorField, dateField, geometryMultiSelectField, geometrySelectField, textAreaField, textField,
} from "./fields/text.js";

/** The widget of each field type whose kind (field_kinds.js) the editor shows; tests/js checks they match. */
export const FIELD_BUILDERS = {
  NumberField: numberField,
  IntegerField: numberField,
  TextField: textField,
  TextAreaField: textAreaField,
  DateField: dateField,
  ColorField: colorField,
  BooleanField: booleanField,
  OptionField: optionField,
  MultiSelectField: multiSelectField,
  AutocompleteField: autocompleteField,
  EntityOptionField: entityField,
  ChildEntityOptionField: entityField,
  SiblingEntityOptionField: entityField,
  EntityMultiSelectField: entityField,
  ChildEntityMultiSelectField: entityField,
  SiblingEntityMultiSelectField: entityField,
  FileField: fileField,
  MultiFileField: fileField,
  GeoPointField: geoPointField,
  GeoPolylineField: geoLineField,
  GeoPolygonField: geoLineField,
  GeometrySelectField: geometrySelectField,
  GeometryMultiSelectField: geometryMultiSelectField,
  DynamicArray: (node, ctx) => dynamicArray(node, ctx, renderItems),
  Table: tableField,
};

const DISPLAY_BUILDERS = {
  output: outputField,
  text: textItem,
  image: imageItem,
  linebreak: lineBreak,
  button: buttonItem,
  child_entity_manager: childEntityManager,
};

function renderField(node, ctx) {
  if (FIELD_KINDS[node.type]?.editor === "hidden") return null; // kept in params, never shown
  const build = FIELD_BUILDERS[node.type];
  if (!build) return unsupported(node, node.type || "This field type");
  let ctl;
  try {
    ctl = build(node, ctx);
  } catch (err) {
    console.error("cannot render field", node, err);
    return unsupported(node, node.type);
  }
  ctx.fields.set(ctl.path, ctl);
  ctx.dynamics.push(entry(node, ctl, ctx.scope));
  return ctl.wrapper;
}

function renderDisplay(node, ctx) {
  const item = DISPLAY_BUILDERS[node.kind](node, ctx);
  if (node.kind !== "linebreak") ctx.dynamics.push(entry(node, item, ctx.scope));
  if (node.kind === "button") ctx.buttons?.push(item);
  return item.wrapper;
}

// -- groups --------------------------------------------------------------------------------------

function renderSection(node, ctx) {
  const expanded = node.initially_expanded !== false;
  const bodyId = `${node.path}--body`;
  const header = h("button", {
    type: "button",
    class: "section-header",
    "aria-expanded": String(expanded),
    "aria-controls": bodyId,
  },
  h("span", { class: "chevron", "aria-hidden": "true" }),
  h("span", { class: "section-title" }, node.title ?? node.name),
  infoIcon(node.description));
  const body = h("div", { class: "section-body", id: bodyId });
  const section = h("section", {
    class: ["form-section", expanded ? "is-expanded" : null],
    dataset: { section: node.path },
  }, header, body);
  const own = scope(ctx.scope);
  ctx.dynamics.push(entry(node, { wrapper: section }, ctx.scope, { own }));
  body.appendChild(renderItems(node.items || [], { ...ctx, scope: own }));
  body.hidden = !expanded;
  header.addEventListener("click", (event) => {
    if (event.target.closest(".info-icon")) return;
    const open = body.hidden;
    body.hidden = !open;
    header.setAttribute("aria-expanded", String(open));
    section.classList.toggle("is-expanded", open);
  });
  return section;
}

function renderTabs(tabs, ctx) {
  const bar = h("div", { class: "tab-bar form-tab-bar", role: "tablist" });
  const panels = h("div", { class: "tab-panels" });
  const buttons = [];
  let selected = 0;
  const select = (index) => {
    selected = index;
    buttons.forEach((b, i) => {
      const on = i === index;
      b.setAttribute("aria-selected", String(on));
      b.classList.toggle("is-active", on);
      b.tabIndex = on ? 0 : -1;
      panels.children[i].hidden = !on;
    });
  };
  tabs.forEach((tab, i) => {
    const id = `${tab.path}--tab`;
    const button = h("button", {
      type: "button",
      role: "tab",
      id,
      class: "tab",
      "aria-controls": `${tab.path}--panel`,
      "data-tooltip": tab.description || null,
      dataset: { tab: tab.path },
    }, tab.title ?? tab.name);
    button.addEventListener("click", () => select(i));
    button.addEventListener("keydown", (event) => {
      const visible = buttons.filter((b) => !b.hidden);
      const at = visible.indexOf(button);
      let next = null;
      if (event.key === "ArrowRight") next = visible[(at + 1) % visible.length];
      if (event.key === "ArrowLeft") next = visible[(at - 1 + visible.length) % visible.length];
      if (next) {
        next.focus();
        next.click();
      }
    });
    buttons.push(button);
    bar.appendChild(button);
    const panel = h("div", {
      class: "tab-panel",
      role: "tabpanel",
      id: `${tab.path}--panel`,
      "aria-labelledby": id,
      dataset: { tabPanel: tab.path },
    });
    const own = scope(ctx.scope);
    const hide = (hidden) => {
      if (button.hidden === hidden) return;
      button.hidden = hidden;
      if (hidden && selected === i) {
        const first = buttons.findIndex((b) => !b.hidden);
        if (first >= 0) select(first);
      }
    };
    ctx.dynamics.push(entry(tab, { wrapper: null }, ctx.scope, { own, hide }));
    panel.appendChild(renderItems(tab.items || [], { ...ctx, scope: own }));
    panels.appendChild(panel);
  });
  select(0);
  return h("div", { class: "tabset" }, bar, panels);
}

/** Items of one group level: fields flow in rows; sections, tabs and pages break the flow. */
export function renderItems(items, ctx) {
  const frag = document.createDocumentFragment();
  let row = null;
  const rowEl = () => {
    if (!row) {
      row = h("div", { class: "field-row" });
      frag.appendChild(row);
    }
    return row;
  };
  const tabs = items.filter((n) => n && n.kind === "tab");
  let tabsDone = false;
  for (const node of items) {
    if (!node || typeof node !== "object") continue;
    if (node.kind === "field") {
      const el = renderField(node, ctx);
      if (el) rowEl().appendChild(el);
    } else if (node.kind in DISPLAY_BUILDERS) {
      rowEl().appendChild(renderDisplay(node, ctx));
    } else if (node.kind === "section") {
      row = null;
      frag.appendChild(renderSection(node, ctx));
    } else if (node.kind === "tab") {
      row = null;
      if (!tabsDone) frag.appendChild(renderTabs(tabs, ctx));
      tabsDone = true;
    } else {
      // a page/step nested where it does not belong, or a kind this editor does not know
      const what = node.type || node.kind || "This item";
      rowEl().appendChild(unsupported({ path: node.path || "", name: node.name, ui_name: node.ui_name || node.title }, what));
    }
  }
  return frag;
}
