// Fields typed as text: TextField, TextAreaField, DateField, ColorField, and the geometry selects
// (picked in the 3D view, or typed).

import { h } from "../dom.js";
import { adorned, controller, fieldShell, isEmpty, text } from "./shell.js";

function textLike(node, ctx, input, { control = adorned(input, node), defaultFlex } = {}) {
  const { wrapper, error } = fieldShell(node, { control, defaultFlex });
  const ctl = controller(node, wrapper, error, [input]);
  ctl.refresh = () => {
    const value = text(ctx.get(ctl.storage));
    if (input.value !== value) input.value = value;
  };
  input.addEventListener("input", () => ctx.change(ctl, input.value));
  ctl.refresh();
  return ctl;
}

export function textField(node, ctx) {
  const input = h("input", { type: "text", id: node.path, name: node.path, class: "input", autocomplete: "off", dataset: { path: node.path } });
  return textLike(node, ctx, input);
}

export function textAreaField(node, ctx) {
  const input = h("textarea", { id: node.path, name: node.path, class: "input textarea", rows: "4", dataset: { path: node.path } });
  return textLike(node, ctx, input, { control: input, defaultFlex: 100 });
}

/** "Select in 3D": pick the field's objects in its 3D view; the typed names stay as the fallback. */
function pickButton(node, ctx, ctl, multi, apply) {
  const button = h("button", {
    type: "button",
    class: "btn btn-small geometry-pick-button",
    title: "Select the objects by clicking them in the 3D view",
    dataset: { geometryPick: node.path },
  }, multi ? "Select in 3D" : "Pick in 3D");
  button.hidden = !ctx.pickInView;
  button.addEventListener("click", async () => {
    button.disabled = true;
    ctl.wrapper.dataset.picking = "true";
    try {
      const value = ctx.get(ctl.storage);
      const current = Array.isArray(value) ? value : (value ? [value] : []);
      const names = await ctx.pickInView({
        view: node.view || null, multi, min: node.min_select, max: node.max_select, current, label: node.ui_name,
      });
      if (names) apply(names);
    } finally {
      button.disabled = false;
      delete ctl.wrapper.dataset.picking;
    }
  });
  return button;
}

/** GeometrySelectField: the name of one object, picked in the 3D view (or typed). */
export function geometrySelectField(node, ctx) {
  const input = h("input", {
    type: "text",
    id: node.path,
    name: node.path,
    class: "input",
    autocomplete: "off",
    placeholder: "Object name",
    title: "The name (identifier) of an object in the geometry view",
    dataset: { path: node.path },
  });
  const row = h("div", { class: "geometry-pick-control" }, adorned(input, node));
  const ctl = textLike(node, ctx, input, { control: row });
  row.appendChild(pickButton(node, ctx, ctl, false, (names) => {
    input.value = names[0] ?? "";
    ctx.change(ctl, names[0] ?? null);
  }));
  return ctl;
}

/** GeometryMultiSelectField: object names, picked in the 3D view (or typed, separated by commas). */
export function geometryMultiSelectField(node, ctx) {
  const input = h("input", {
    type: "text",
    id: node.path,
    name: node.path,
    class: "input",
    autocomplete: "off",
    placeholder: "Object names, separated by commas",
    dataset: { path: node.path },
  });
  const row = h("div", { class: "geometry-pick-control" }, adorned(input, node));
  const { wrapper, error } = fieldShell(node, { control: row });
  const ctl = controller(node, wrapper, error, [input]);
  const names = (raw) => raw.split(",").map((s) => s.trim()).filter(Boolean);
  ctl.refresh = () => {
    const value = ctx.get(ctl.storage);
    const shown = Array.isArray(value) ? value.join(", ") : "";
    if (names(input.value).join(", ") !== shown) input.value = shown;
  };
  ctl.validate = () => {
    const count = (ctx.get(ctl.storage) || []).length;
    if (count && Number.isInteger(node.min_select) && count < node.min_select) return `Select at least ${node.min_select}`;
    if (Number.isInteger(node.max_select) && count > node.max_select) return `Select at most ${node.max_select}`;
    return null;
  };
  input.addEventListener("input", () => ctx.change(ctl, names(input.value)));
  row.appendChild(pickButton(node, ctx, ctl, true, (picked) => {
    input.value = picked.join(", ");
    ctx.change(ctl, picked);
  }));
  ctl.refresh();
  return ctl;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(value) {
  if (typeof value !== "string" || !ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function dateField(node, ctx) {
  const input = h("input", { type: "date", id: node.path, name: node.path, class: "input", dataset: { path: node.path } });
  const { wrapper, error } = fieldShell(node, { control: adorned(input, node) });
  const ctl = controller(node, wrapper, error, [input]);
  ctl.refresh = () => {
    const value = ctx.get(ctl.storage);
    const shown = isDate(value) ? value : "";
    if (input.value !== shown) input.value = shown;
  };
  ctl.validate = () => {
    if (input.validity.badInput) return "Enter a valid date";
    const value = ctx.get(ctl.storage);
    return isEmpty(value) || isDate(value) ? null : "Enter a valid date (YYYY-MM-DD)";
  };
  const update = () => ctx.change(ctl, input.value === "" ? null : input.value, { badInput: input.validity.badInput });
  input.addEventListener("input", update);
  input.addEventListener("change", update);
  ctl.refresh();
  return ctl;
}

// -- ColorField: a swatch (native picker) plus a hex box; stored as {r, g, b} ----------------------

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

export function hexToRgb(hex) {
  const m = HEX.exec(hex.trim());
  if (!m) return null;
  let digits = m[1];
  if (digits.length === 3) digits = [...digits].map((d) => d + d).join("");
  return { r: parseInt(digits.slice(0, 2), 16), g: parseInt(digits.slice(2, 4), 16), b: parseInt(digits.slice(4, 6), 16) };
}

const channel = (v) => Number.isInteger(v) && v >= 0 && v <= 255;
export const isColor = (v) => v !== null && typeof v === "object" && channel(v.r) && channel(v.g) && channel(v.b);
export const rgbToHex = (c) => `#${[c.r, c.g, c.b].map((v) => v.toString(16).padStart(2, "0")).join("")}`;

export function colorField(node, ctx) {
  const picker = h("input", { type: "color", class: "color-swatch", "aria-label": `${node.ui_name} (picker)`, dataset: { role: "picker" } });
  const input = h("input", {
    type: "text",
    id: node.path,
    name: node.path,
    class: "input color-hex",
    placeholder: "#rrggbb",
    autocomplete: "off",
    spellcheck: "false",
    dataset: { path: node.path },
  });
  const clearButton = h("button", { type: "button", class: "icon-button", "aria-label": `Clear ${node.ui_name}`, title: "Clear" }, "×");
  const control = h("div", { class: "color-control" }, picker, adorned(input, node), clearButton);
  const { wrapper, error } = fieldShell(node, { control });
  const ctl = controller(node, wrapper, error, [input]);
  let typedBad = false;
  ctl.refresh = () => {
    const value = ctx.get(ctl.storage);
    const hex = isColor(value) ? rgbToHex(value) : "";
    if (hex) picker.value = hex;
    if (!typedBad && (hexToRgb(input.value) ? rgbToHex(hexToRgb(input.value)) : input.value) !== hex) input.value = hex;
    wrapper.classList.toggle("is-empty", !hex);
  };
  ctl.validate = () => {
    if (typedBad) return "Enter a colour as #rrggbb";
    const value = ctx.get(ctl.storage);
    return value === null || value === undefined || isColor(value) ? null : "Not a valid colour";
  };
  input.addEventListener("input", () => {
    const raw = input.value.trim();
    const rgb = raw === "" ? null : hexToRgb(raw);
    typedBad = raw !== "" && !rgb;
    if (rgb) picker.value = rgbToHex(rgb);
    ctx.change(ctl, typedBad ? ctx.get(ctl.storage) : rgb, { badInput: typedBad });
  });
  picker.addEventListener("input", () => {
    typedBad = false;
    input.value = picker.value;
    ctx.change(ctl, hexToRgb(picker.value));
  });
  clearButton.addEventListener("click", () => {
    typedBad = false;
    input.value = "";
    ctx.change(ctl, null);
  });
  ctl.refresh();
  return ctl;
}
