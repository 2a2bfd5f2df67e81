// What every field shares: the labelled wrapper, prefix/suffix adornments, flex width, and the
// controller through which the editor reads, validates and marks a field.

import { h, infoIcon } from "../dom.js";

export const DEFAULT_FLEX = 33;
const ROW_GAP_PX = 16; // keep in sync with --field-gap in viktorlite.css

export const isEmpty = (v) => v === null || v === undefined || v === "";
export const toNumber = (v) => (typeof v === "number" && Number.isFinite(v) ? v : null);
export const text = (v, fallback = "") => (v === null || v === undefined ? fallback : String(v));

export function setFlex(el, flex) {
  const f = Math.max(0, Math.min(100, Number(flex ?? DEFAULT_FLEX)));
  if (f === 0) {
    el.classList.add("flex-auto");
    return;
  }
  // width = f% of the row minus this item's share of the gaps, so flexes summing to 100 fit a row
  el.style.flex = `0 0 calc(${f}% - ${(ROW_GAP_PX * (100 - f)) / 100}px)`;
}

export function fieldShell(node, { labelFor = node.path, control, extraClass = null, defaultFlex = DEFAULT_FLEX }) {
  const error = h("div", { class: "field-error", id: `${node.path}--error`, "aria-live": "polite" });
  error.hidden = true;
  const labelText = node.ui_name ?? node.name ?? node.path;
  const wrapper = h("div", {
    class: ["field", extraClass],
    dataset: { field: node.path, type: node.type },
  },
  h("div", { class: "field-label-row" },
    h(labelFor ? "label" : "span", { class: "field-label", for: labelFor || null, id: `${node.path}--label` }, labelText),
    infoIcon(node.description)),
  control,
  error);
  const flex = typeof node.flex === "number" ? node.flex : defaultFlex;
  setFlex(wrapper, flex);
  return { wrapper, error };
}

export function adorned(input, node) {
  const prefix = typeof node.prefix === "string" ? node.prefix : "";
  const suffix = typeof node.suffix === "string" ? node.suffix : "";
  if (!prefix && !suffix) return h("div", { class: "input-group" }, input);
  return h("div", { class: "input-group" },
    prefix ? h("span", { class: "adorn adorn-prefix" }, prefix) : null,
    input,
    suffix ? h("span", { class: "adorn adorn-suffix" }, suffix) : null);
}

/**
 * The common part of a field controller. The editor sets `visible` (the field's constraint says
 * so and its groups are shown) and `attrs` (its evaluated dynamic attributes: min, max, options,
 * ...); it shows whichever of `constraint` (from validate()), `localError` (a problem the field found
 * itself: a file of the wrong type, an upload that failed) and `userError` (from a job's input
 * violations) applies. A job's result replaces `userError` only, so it never hides a local problem.
 */
export function controller(node, wrapper, errorEl, inputs) {
  const ctl = {
    node,
    path: node.path,
    schemaPath: node.schemaPath || node.path,
    storage: node.storage || node.path,
    wrapper,
    inputs,
    visible: node.visible !== false,
    attrs: {},
    constraint: null,
    userError: null,
    localError: null,
    validate: () => null,
    refresh: () => {},
    applyAttrs: () => {},
    show() {
      const message = ctl.constraint || ctl.localError || ctl.userError;
      wrapper.classList.toggle("is-invalid", Boolean(message));
      if (message) wrapper.dataset.invalid = ctl.constraint ? "constraint" : "user";
      else delete wrapper.dataset.invalid;
      if (errorEl.textContent !== (message || "")) errorEl.textContent = message || "";
      errorEl.hidden = !message;
      for (const input of ctl.inputs) {
        if (message) {
          input.setAttribute("aria-invalid", "true");
          input.setAttribute("aria-describedby", errorEl.id);
        } else if (input.hasAttribute("aria-invalid")) {
          input.removeAttribute("aria-invalid");
          input.removeAttribute("aria-describedby");
        }
      }
    },
  };
  return ctl;
}

/** A greyed-out stand-in for something this editor cannot show (yet). */
export function unsupported(node, what) {
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
