// NumberField and IntegerField: a number box (or a slider with its box); min/max may be dynamic.

import { h } from "../dom.js";
import { adorned, controller, fieldShell, toNumber } from "./shell.js";

export function roundTo(value, decimals) {
  if (decimals === null || decimals === undefined || !Number.isFinite(value)) return value;
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

export function numberText(value, decimals) {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value !== "number") return String(value);
  return String(roundTo(value, decimals));
}

/** The problem with a number against its limits, or null. */
export function numberProblem(value, { isInt, min, max }) {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value !== "number" || !Number.isFinite(value)) return "Enter a number";
  if (isInt && !Number.isInteger(value)) return "Enter a whole number";
  if (min !== null && value < min) return `Value must be at least ${min}`;
  if (max !== null && value > max) return `Value must be at most ${max}`;
  return null;
}

export function numberField(node, ctx) {
  const isInt = node.type === "IntegerField";
  // IntegerField: typed decimals are reported by validate(), not silently rounded away
  const decimals = !isInt && Number.isInteger(node.num_decimals) ? node.num_decimals : null;
  let step = toNumber(node.step);
  if (step === null && isInt) step = 1;
  const slider = node.variant === "slider" && !ctx.inTable;

  const input = h("input", {
    type: "number",
    id: node.path,
    name: node.path,
    class: "input",
    inputmode: isInt ? "numeric" : "decimal",
    step: step ?? "any",
    autocomplete: "off",
    dataset: { path: node.path },
  });
  let range = null;
  let control;
  if (slider) {
    range = h("input", {
      type: "range",
      class: "range",
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
  ctl.attrs = { min: toNumber(node.min), max: toNumber(node.max) };
  const current = () => ctx.get(ctl.storage);

  ctl.dynamicAttrs = ["min", "max"];
  ctl.applyAttrs = (attrs) => {
    ctl.attrs = { min: toNumber(attrs.min), max: toNumber(attrs.max) };
    const { min, max } = ctl.attrs;
    if (min === null) input.removeAttribute("min");
    else input.min = String(min);
    if (max === null) input.removeAttribute("max");
    else input.max = String(max);
    if (range) {
      range.min = String(min ?? 0);
      range.max = String(max ?? 100);
    }
  };
  ctl.applyAttrs(ctl.attrs);
  ctl.validate = () => {
    if (input.validity.badInput) return isInt ? "Enter a whole number" : "Enter a number";
    return numberProblem(current(), { isInt, ...ctl.attrs });
  };
  ctl.refresh = () => {
    const value = current();
    if (document.activeElement !== input || Number(input.value) !== value) {
      input.value = numberText(value, decimals);
    }
    if (range) range.value = String(toNumber(value) ?? Number(range.min));
  };
  // A slider is never empty.
  if (slider && toNumber(current()) === null) ctx.init(ctl.storage, ctl.attrs.min ?? 0);

  const parse = () => {
    if (input.validity.badInput) return undefined; // keep the last good value; validate() reports it
    const raw = input.value.trim();
    if (raw === "") return null;
    const value = Number(raw);
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
