// Renders a parametrization schema (docs/protocol.md) into the input panel.
//
// renderItems(items, ctx) returns a DocumentFragment; every input field registers a controller in
// ctx.fields (keyed by the field's attribute path). The editor owns the params; fields read them
// through ctx.get(storage) and report edits through ctx.change(field, value).

import { h, infoIcon } from "./dom.js";
import { renderMarkdown } from "./markdown.js";
import { isDynamic, staticOr } from "./params.js";

const DEFAULT_FLEX = 33;
const ROW_GAP_PX = 16; // keep in sync with --field-gap in viktorlite.css

const isVisible = (node) => node.visible !== false; // dynamic visibility counts as visible

function setFlex(el, flex) {
  const f = Math.max(0, Math.min(100, Number(flex)));
  if (f === 0) {
    el.classList.add("flex-auto");
    return;
  }
  // width = f% of the row minus this item's share of the gaps, so flexes summing to 100 fit a row
  el.style.flex = `0 0 calc(${f}% - ${(ROW_GAP_PX * (100 - f)) / 100}px)`;
}

// -- number formatting ---------------------------------------------------------------------------

function roundTo(value, decimals) {
  if (decimals === null || decimals === undefined || !Number.isFinite(value)) return value;
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

function numberText(value, decimals) {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value !== "number") return String(value);
  return String(roundTo(value, decimals));
}

const toNumber = (v) => (typeof v === "number" && Number.isFinite(v) ? v : null);

// -- field wrappers ------------------------------------------------------------------------------

function fieldShell(node, { labelFor = node.path, control, extraClass = null }) {
  const error = h("div", { class: "field-error", id: `${node.path}--error`, "aria-live": "polite" });
  error.hidden = true;
  const labelText = node.ui_name ?? node.name ?? node.path;
  const wrapper = h("div", {
    class: ["field", extraClass],
    dataset: { field: node.path, type: node.type },
  },
  h("div", { class: "field-label-row" },
    h(labelFor ? "label" : "span", { class: "field-label", for: labelFor || null }, labelText),
    infoIcon(node.description)),
  control,
  error);
  setFlex(wrapper, staticOr(node.flex, DEFAULT_FLEX));
  if (!isVisible(node)) wrapper.hidden = true;
  return { wrapper, error };
}

function adorned(input, node) {
  const prefix = staticOr(node.prefix, "");
  const suffix = staticOr(node.suffix, "");
  if (!prefix && !suffix) return h("div", { class: "input-group" }, input);
  return h("div", { class: "input-group" },
    prefix ? h("span", { class: "adorn adorn-prefix" }, prefix) : null,
    input,
    suffix ? h("span", { class: "adorn adorn-suffix" }, suffix) : null);
}

/**
 * The common part of a field controller: tracks the constraint message (from the field itself)
 * and the user-error message (from a job's input violations) and shows whichever applies.
 */
function controller(node, wrapper, errorEl, inputs) {
  const ctl = {
    node,
    path: node.path,
    storage: node.storage || node.path,
    wrapper,
    inputs,
    visible: isVisible(node),
    constraint: null,
    userError: null,
    validate: () => null,
    refresh: () => {},
    show() {
      const message = ctl.constraint || ctl.userError;
      wrapper.classList.toggle("is-invalid", Boolean(message));
      if (message) wrapper.dataset.invalid = ctl.constraint ? "constraint" : "user";
      else delete wrapper.dataset.invalid;
      errorEl.textContent = message || "";
      errorEl.hidden = !message;
      for (const input of inputs) {
        if (message) {
          input.setAttribute("aria-invalid", "true");
          input.setAttribute("aria-describedby", errorEl.id);
        } else {
          input.removeAttribute("aria-invalid");
          input.removeAttribute("aria-describedby");
        }
      }
    },
  };
  return ctl;
}

// -- NumberField / IntegerField ------------------------------------------------------------------

function numberField(node, ctx) {
  const isInt = node.type === "IntegerField";
  const min = toNumber(staticOr(node.min, null));
  const max = toNumber(staticOr(node.max, null));
  // IntegerField: typed decimals are reported by validate(), not silently rounded away
  const decimals = !isInt && Number.isInteger(node.num_decimals) ? node.num_decimals : null;
  let step = toNumber(staticOr(node.step, null));
  if (step === null && isInt) step = 1;
  const slider = node.variant === "slider";

  const input = h("input", {
    type: "number",
    id: node.path,
    name: node.path,
    class: "input",
    inputmode: isInt ? "numeric" : "decimal",
    step: step ?? "any",
    min: min ?? null,
    max: max ?? null,
    autocomplete: "off",
    dataset: { path: node.path },
  });
  let range = null;
  let control;
  if (slider) {
    const lo = min ?? 0;
    const hi = max ?? 100;
    range = h("input", {
      type: "range",
      class: "range",
      min: lo,
      max: hi,
      step: step ?? (decimals !== null ? 10 ** -decimals : "any"),
      "aria-label": node.ui_name,
      dataset: { role: "slider" },
    });
    input.classList.add("slider-value");
    control = h("div", { class: "slider-control" }, range, adorned(input, node));
  } else {
    control = adorned(input, node);
  }
  const { wrapper, error } = fieldShell(node, { control, extraClass: slider ? "field-slider" : null });
  const ctl = controller(node, wrapper, error, [input]);

  const current = () => ctx.get(ctl.storage);
  ctl.validate = () => {
    if (input.validity.badInput) return isInt ? "Enter a whole number" : "Enter a number";
    const value = current();
    if (value === null || value === undefined || value === "") return null;
    if (typeof value !== "number" || !Number.isFinite(value)) return "Enter a number";
    if (isInt && !Number.isInteger(value)) return "Enter a whole number";
    if (min !== null && value < min) return `Value must be at least ${min}`;
    if (max !== null && value > max) return `Value must be at most ${max}`;
    return null;
  };
  ctl.refresh = () => {
    const value = current();
    if (document.activeElement !== input || Number(input.value) !== value) {
      input.value = numberText(value, decimals);
    }
    if (range) {
      const v = toNumber(value);
      range.value = String(v ?? Number(range.min));
    }
  };
  // A slider is never empty.
  if (slider && toNumber(current()) === null) ctx.init(ctl.storage, min ?? 0);

  const parse = () => {
    if (input.validity.badInput) return undefined; // keep the last good value; validate() reports it
    const text = input.value.trim();
    if (text === "") return null;
    const value = Number(text);
    if (!Number.isFinite(value)) return undefined;
    return roundTo(value, decimals);
  };
  input.addEventListener("input", () => {
    const value = parse();
    if (range && typeof value === "number") range.value = String(value);
    ctx.change(ctl, value === undefined ? current() : value, { badInput: value === undefined });
  });
  input.addEventListener("change", () => {
    // on commit show the stored (rounded) value
    if (!input.validity.badInput) input.value = numberText(current(), decimals);
  });
  if (range) {
    range.addEventListener("input", () => {
      const value = roundTo(Number(range.value), decimals);
      input.value = numberText(value, decimals);
      ctx.change(ctl, value);
    });
  }
  ctl.refresh();
  return ctl;
}

// -- TextField -----------------------------------------------------------------------------------

function textField(node, ctx) {
  const input = h("input", {
    type: "text",
    id: node.path,
    name: node.path,
    class: "input",
    autocomplete: "off",
    dataset: { path: node.path },
  });
  const { wrapper, error } = fieldShell(node, { control: adorned(input, node) });
  const ctl = controller(node, wrapper, error, [input]);
  ctl.refresh = () => {
    const value = ctx.get(ctl.storage);
    const text = value === null || value === undefined ? "" : String(value);
    if (input.value !== text) input.value = text;
  };
  input.addEventListener("input", () => ctx.change(ctl, input.value));
  ctl.refresh();
  return ctl;
}

// -- OptionField ---------------------------------------------------------------------------------

function optionField(node, ctx) {
  const dynamic = isDynamic(node.options) || !Array.isArray(node.options);
  const options = dynamic ? [] : node.options.filter((o) => o && o.visible !== false);
  const label = (o) => (o.label === null || o.label === undefined ? String(o.value) : String(o.label));
  const indexOf = (value) => options.findIndex((o) => o.value === value);
  const variant = node.variant === "radio" || node.variant === "radio-inline" ? node.variant : "standard";
  let ctl;

  if (variant === "standard") {
    const select = h("select", {
      id: node.path,
      name: node.path,
      class: "input select",
      dataset: { path: node.path },
    },
    h("option", { value: "", disabled: true, props: { hidden: true } }, dynamic ? "No options" : "Select an option"),
    options.map((o, i) => h("option", { value: String(i) }, label(o))));
    if (dynamic) {
      select.disabled = true;
      select.title = "The options of this field are computed by the app; that is not supported yet.";
    }
    const { wrapper, error } = fieldShell(node, { control: adorned(select, node) });
    ctl = controller(node, wrapper, error, [select]);
    ctl.refresh = () => {
      const i = indexOf(ctx.get(ctl.storage));
      select.value = i >= 0 ? String(i) : "";
    };
    select.addEventListener("change", () => {
      const i = Number(select.value);
      if (select.value !== "" && options[i]) ctx.change(ctl, options[i].value);
    });
  } else {
    const radios = options.map((o, i) => h("input", {
      type: "radio",
      name: node.path,
      id: `${node.path}--${i}`,
      value: String(i),
      dataset: { path: node.path, optionValue: JSON.stringify(o.value) },
    }));
    const group = h("div", {
      class: ["radio-group", variant === "radio-inline" ? "radio-inline" : null],
      role: "radiogroup",
      "aria-labelledby": `${node.path}--label`,
    },
    options.length ? radios.map((r, i) => h("label", { class: "radio", for: r.id }, r,
      h("span", null, label(options[i]))))
      : h("span", { class: "muted" }, dynamic ? "Options are computed by the app (not supported yet)" : "No options"));
    const { wrapper, error } = fieldShell(node, { control: group, labelFor: null });
    wrapper.querySelector(".field-label").id = `${node.path}--label`;
    ctl = controller(node, wrapper, error, radios);
    ctl.refresh = () => {
      const i = indexOf(ctx.get(ctl.storage));
      radios.forEach((r, j) => { r.checked = j === i; });
    };
    for (const r of radios) {
      r.addEventListener("change", () => {
        if (r.checked) ctx.change(ctl, options[Number(r.value)].value);
      });
    }
  }

  ctl.validate = () => {
    const value = ctx.get(ctl.storage);
    if (dynamic || value === null || value === undefined || value === "") return null;
    return indexOf(value) >= 0 ? null : "The selected value is no longer one of the options";
  };
  const value = ctx.get(ctl.storage);
  if (node.autoselect_single_option && options.length === 1 && (value === null || value === undefined)) {
    ctx.init(ctl.storage, options[0].value);
  }
  ctl.refresh();
  return ctl;
}

// -- BooleanField --------------------------------------------------------------------------------

function booleanField(node, ctx) {
  const input = h("input", {
    type: "checkbox",
    role: "switch",
    id: node.path,
    name: node.path,
    class: "switch-input",
    dataset: { path: node.path },
  });
  const control = h("label", { class: "switch", for: node.path }, input,
    h("span", { class: "switch-track", "aria-hidden": "true" }, h("span", { class: "switch-thumb" })));
  const { wrapper, error } = fieldShell(node, { control, labelFor: node.path, extraClass: "field-boolean" });
  const ctl = controller(node, wrapper, error, [input]);
  ctl.refresh = () => {
    input.checked = ctx.get(ctl.storage) === true;
  };
  input.addEventListener("change", () => ctx.change(ctl, input.checked));
  ctl.refresh();
  return ctl;
}

// -- anything else -------------------------------------------------------------------------------

function unsupported(node, what) {
  const input = h("input", {
    type: "text",
    id: node.path,
    class: "input",
    disabled: true,
    placeholder: `${what} is not supported yet`,
    title: `${what} is not supported yet`,
    "aria-label": `${node.ui_name ?? node.name ?? what} (${what} is not supported yet)`,
    dataset: { path: node.path },
  });
  const { wrapper } = fieldShell({ ...node, ui_name: node.ui_name ?? node.name ?? what },
    { control: input, extraClass: "field-unsupported" });
  wrapper.dataset.unsupported = "";
  return wrapper;
}

const FIELD_BUILDERS = {
  NumberField: numberField,
  IntegerField: numberField,
  TextField: textField,
  OptionField: optionField,
  BooleanField: booleanField,
  ToggleButton: booleanField,
};

function renderField(node, ctx) {
  const build = FIELD_BUILDERS[node.type];
  if (!build) return unsupported(node, node.type || "This field type");
  try {
    const ctl = build(node, ctx);
    ctx.fields.set(ctl.path, ctl);
    return ctl.wrapper;
  } catch (err) {
    console.error("cannot render field", node, err);
    return unsupported(node, node.type);
  }
}

function renderText(node) {
  const el = h("div", { class: "text-block markdown", dataset: { text: node.path ?? "" } });
  el.appendChild(renderMarkdown(staticOr(node.value, "")));
  setFlex(el, staticOr(node.flex, 100));
  if (!isVisible(node)) el.hidden = true;
  return el;
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
  h("span", { class: "section-title" }, staticOr(node.title, node.name)),
  infoIcon(node.description));
  const body = h("div", { class: "section-body", id: bodyId });
  body.appendChild(renderItems(node.items || [], ctx));
  body.hidden = !expanded;
  const section = h("section", {
    class: ["form-section", expanded ? "is-expanded" : null],
    dataset: { section: node.path },
  }, header, body);
  header.addEventListener("click", (event) => {
    if (event.target.closest(".info-icon")) return;
    const open = body.hidden;
    body.hidden = !open;
    header.setAttribute("aria-expanded", String(open));
    section.classList.toggle("is-expanded", open);
  });
  if (!isVisible(node)) section.hidden = true;
  return section;
}

function renderTabs(tabs, ctx) {
  const bar = h("div", { class: "tab-bar form-tab-bar", role: "tablist" });
  const panels = h("div", { class: "tab-panels" });
  const buttons = [];
  const select = (index) => {
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
    }, staticOr(tab.title, tab.name));
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
    if (!isVisible(tab)) button.hidden = true;
    buttons.push(button);
    bar.appendChild(button);
    const panel = h("div", {
      class: "tab-panel",
      role: "tabpanel",
      id: `${tab.path}--panel`,
      "aria-labelledby": id,
      dataset: { tabPanel: tab.path },
    });
    panel.appendChild(renderItems(tab.items || [], ctx));
    panels.appendChild(panel);
  });
  const first = tabs.findIndex(isVisible);
  select(first >= 0 ? first : 0);
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
    switch (node.kind) {
      case "field":
        rowEl().appendChild(renderField(node, ctx));
        break;
      case "text":
        rowEl().appendChild(renderText(node));
        break;
      case "linebreak":
        rowEl().appendChild(h("div", { class: "linebreak", "aria-hidden": "true" }));
        break;
      case "section":
        row = null;
        frag.appendChild(renderSection(node, ctx));
        break;
      case "tab":
        row = null;
        if (!tabsDone) frag.appendChild(renderTabs(tabs, ctx));
        tabsDone = true;
        break;
      default: {
        // page/step nested where it does not belong, or a kind this editor does not know
        const what = node.type || node.kind || "This item";
        rowEl().appendChild(unsupported({ path: node.path || "", name: node.name, ui_name: node.ui_name || node.title }, what));
      }
    }
  }
  return frag;
}
