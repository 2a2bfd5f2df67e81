// Fields that pick from options (OptionField, MultiSelectField, AutocompleteField) and BooleanField.
// Options may be static or come from a callback job; the editor passes the current list (only the
// visible options) through applyAttrs({options}); null means "not computed yet".

import { clear, h } from "../dom.js";
import { adorned, controller, fieldShell, isEmpty } from "./shell.js";

const label = (o) => (o.label === null || o.label === undefined ? String(o.value) : String(o.label));
const sameValue = (a, b) => a === b || (typeof a === "number" && typeof b === "number" && a === b);
const key = (options) => JSON.stringify(options?.map((o) => [o.value, label(o)]) ?? null);

/** The options a schema node starts with (before any constraint is evaluated). */
function initialOptions(node) {
  return Array.isArray(node.options) ? node.options.filter((o) => o && o.visible !== false) : null;
}

/** Shared by the option fields: the current list, lookups in it and the "missing option" check. */
function optionsState(node, ctl, ctx, onChange) {
  let options = initialOptions(node);
  let shownKey = null;
  const indexOf = (value) => (options || []).findIndex((o) => sameValue(o.value, value));
  ctl.dynamicAttrs = ["options"];
  ctl.applyAttrs = (attrs) => {
    options = Array.isArray(attrs.options) ? attrs.options : null;
    const k = key(options);
    if (k !== shownKey) {
      shownKey = k;
      onChange(options);
      ctl.refresh();
    }
    const value = ctx.get(ctl.storage);
    // as the SDK: with autoselect_single_option a lone option is selected, even over another value
    if (options && options.length === 1 && !sameValue(value, options[0].value) && node.autoselect_single_option && !node.multiple) {
      const only = options[0].value;
      queueMicrotask(() => {
        if (sameValue(ctx.get(ctl.storage), only)) return;
        ctx.change(ctl, only);
        ctl.refresh(); // the dropdown shows what the params now hold, not "Select an option"
      });
    }
  };
  return {
    options: () => options,
    indexOf,
    missing: (values) => {
      if (!options) return null; // still computing
      const bad = values.filter((v) => !isEmpty(v) && indexOf(v) < 0);
      return bad.length ? "The selected value is no longer one of the options" : null;
    },
    init: () => {
      shownKey = key(options);
      onChange(options);
    },
  };
}

export function optionField(node, ctx) {
  const variant = !ctx.inTable && (node.variant === "radio" || node.variant === "radio-inline") ? node.variant : "standard";
  let ctl;
  let state;
  if (variant === "standard") {
    const select = h("select", { id: node.path, name: node.path, class: "input select", dataset: { path: node.path } });
    const { wrapper, error } = fieldShell(node, { control: adorned(select, node) });
    ctl = controller(node, wrapper, error, [select]);
    state = optionsState(node, ctl, ctx, (options) => {
      clear(select);
      const placeholder = options === null ? "Loading options…" : options.length ? "Select an option" : "No options";
      select.appendChild(h("option", { value: "", disabled: true, props: { hidden: true } }, placeholder));
      (options || []).forEach((o, i) => select.appendChild(h("option", { value: String(i) }, label(o))));
      select.disabled = options === null;
    });
    ctl.refresh = () => {
      const i = state.indexOf(ctx.get(ctl.storage));
      select.value = i >= 0 ? String(i) : "";
    };
    select.addEventListener("change", () => {
      const option = (state.options() || [])[Number(select.value)];
      if (select.value !== "" && option) ctx.change(ctl, option.value);
    });
  } else {
    const group = h("div", {
      class: ["radio-group", variant === "radio-inline" ? "radio-inline" : null],
      role: "radiogroup",
      "aria-labelledby": `${node.path}--label`,
    });
    const { wrapper, error } = fieldShell(node, { control: group, labelFor: null });
    ctl = controller(node, wrapper, error, []);
    let radios = [];
    state = optionsState(node, ctl, ctx, (options) => {
      clear(group);
      radios = (options || []).map((o, i) => {
        const r = h("input", {
          type: "radio",
          name: node.path,
          id: `${node.path}--${i}`,
          value: String(i),
          dataset: { path: node.path, optionValue: JSON.stringify(o.value) },
        });
        r.addEventListener("change", () => {
          if (r.checked) ctx.change(ctl, o.value);
        });
        group.appendChild(h("label", { class: "radio", for: r.id }, r, h("span", null, label(o))));
        return r;
      });
      ctl.inputs = radios;
      if (!radios.length) group.appendChild(h("span", { class: "muted" }, options === null ? "Loading options…" : "No options"));
    });
    ctl.refresh = () => {
      const i = state.indexOf(ctx.get(ctl.storage));
      radios.forEach((r, j) => { r.checked = j === i; });
    };
  }
  state.init();
  ctl.validate = () => state.missing([ctx.get(ctl.storage)]);
  const value = ctx.get(ctl.storage);
  const options = state.options();
  if (node.autoselect_single_option && options && options.length === 1 && isEmpty(value)) {
    ctx.init(ctl.storage, options[0].value);
  }
  ctl.refresh();
  return ctl;
}

export function multiSelectField(node, ctx) {
  const box = h("div", {
    class: "checkbox-list",
    role: "group",
    id: node.path,
    "aria-labelledby": `${node.path}--label`,
    dataset: { path: node.path },
  });
  const { wrapper, error } = fieldShell(node, { control: box, labelFor: null });
  const ctl = controller(node, wrapper, error, []);
  let boxes = [];
  const values = () => (Array.isArray(ctx.get(ctl.storage)) ? ctx.get(ctl.storage) : []);
  const state = optionsState(node, ctl, ctx, (options) => {
    clear(box);
    boxes = (options || []).map((o, i) => {
      const c = h("input", { type: "checkbox", id: `${node.path}--${i}`, dataset: { optionValue: JSON.stringify(o.value) } });
      c.addEventListener("change", () => {
        const chosen = new Set(boxes.filter((b) => b.checked).map((b) => b.dataset.optionValue));
        // keep the stored order of the options list; values no longer listed are dropped on edit
        ctx.change(ctl, (state.options() || []).filter((opt) => chosen.has(JSON.stringify(opt.value))).map((opt) => opt.value));
      });
      box.appendChild(h("label", { class: "checkbox", for: c.id }, c, h("span", null, label(o))));
      return c;
    });
    ctl.inputs = boxes;
    if (!boxes.length) box.appendChild(h("span", { class: "muted" }, options === null ? "Loading options…" : "No options"));
  });
  ctl.refresh = () => {
    const chosen = new Set(values().map((v) => JSON.stringify(v)));
    for (const b of boxes) b.checked = chosen.has(b.dataset.optionValue);
  };
  ctl.validate = () => state.missing(values());
  state.init();
  ctl.refresh();
  return ctl;
}

export function autocompleteField(node, ctx) {
  const listId = `${node.path}--options`;
  const datalist = h("datalist", { id: listId });
  const input = h("input", {
    type: "text",
    id: node.path,
    name: node.path,
    class: "input",
    list: listId,
    autocomplete: "off",
    placeholder: "Type to search",
    dataset: { path: node.path },
  });
  const { wrapper, error } = fieldShell(node, { control: h("div", null, adorned(input, node), datalist) });
  const ctl = controller(node, wrapper, error, [input]);
  let typedBad = false;
  const state = optionsState(node, ctl, ctx, (options) => {
    clear(datalist);
    for (const o of options || []) datalist.appendChild(h("option", { value: label(o) }));
  });
  const match = (raw) => (state.options() || []).find((o) => label(o).toLowerCase() === raw.trim().toLowerCase());
  ctl.refresh = () => {
    if (typedBad) return;
    const i = state.indexOf(ctx.get(ctl.storage));
    const shown = i >= 0 ? label(state.options()[i]) : "";
    if (input.value !== shown && document.activeElement !== input) input.value = shown;
  };
  ctl.validate = () => (typedBad ? "Pick one of the options" : state.missing([ctx.get(ctl.storage)]));
  input.addEventListener("input", () => {
    const raw = input.value;
    const found = match(raw);
    typedBad = raw.trim() !== "" && !found;
    ctx.change(ctl, found ? found.value : (raw.trim() === "" ? null : ctx.get(ctl.storage)), { badInput: typedBad });
  });
  input.addEventListener("change", () => {
    typedBad = input.value.trim() !== "" && !match(input.value);
    ctl.refresh();
  });
  state.init();
  ctl.refresh();
  return ctl;
}

export function booleanField(node, ctx) {
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
