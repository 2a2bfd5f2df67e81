// Items without a value in params: OutputField, Text, Image, LineBreak, buttons and the
// ChildEntityManager. Each returns {wrapper, node, dynamicAttrs?, applyAttrs?} for the editor.

import { h, infoIcon } from "../dom.js";
import { renderMarkdown } from "../markdown.js";
import { adorned, fieldShell, setFlex } from "./shell.js";

function outputText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function outputField(node) {
  const input = h("input", {
    type: "text",
    id: node.path,
    class: "input output-value",
    readonly: true,
    tabindex: "-1",
    "aria-readonly": "true",
    dataset: { path: node.path, output: "" },
  });
  const { wrapper } = fieldShell(node, { control: adorned(input, node), extraClass: "field-output" });
  wrapper.dataset.kind = "output";
  return {
    node,
    wrapper,
    dynamicAttrs: ["value"],
    applyAttrs(attrs) {
      const shown = outputText(attrs.value);
      if (input.value !== shown) input.value = shown;
      wrapper.dataset.value = JSON.stringify(attrs.value ?? null);
    },
  };
}

export function textItem(node) {
  const wrapper = h("div", { class: "text-block markdown", dataset: { text: node.path ?? "" } });
  wrapper.appendChild(renderMarkdown(typeof node.value === "string" ? node.value : ""));
  setFlex(wrapper, typeof node.flex === "number" ? node.flex : 100);
  return { node, wrapper };
}

export function imageItem(node) {
  const src = `/api/assets/${String(node.src || "").split("/").map(encodeURIComponent).join("/")}`;
  const img = h("img", { src, alt: node.caption || "", loading: "lazy", class: "form-image-img" });
  if (Number.isFinite(node.max_width)) img.style.maxWidth = `${node.max_width}px`;
  img.addEventListener("error", () => {
    img.hidden = true;
    wrapper.appendChild(h("div", { class: "muted image-missing" }, `Image not found: ${node.src}`));
  }, { once: true });
  const wrapper = h("figure", {
    class: ["form-image", `align-${["left", "center", "right"].includes(node.align) ? node.align : "center"}`],
    dataset: { image: node.path },
  }, img, node.caption ? h("figcaption", null, node.caption) : null);
  setFlex(wrapper, typeof node.flex === "number" ? node.flex : 100);
  return { node, wrapper };
}

export function lineBreak(node) {
  return { node, wrapper: h("div", { class: "linebreak", "aria-hidden": "true" }) };
}

/**
 * A button: it looks inactive until button jobs are supported, but a click announces itself with
 * a `vl:button` event on document ({detail: {method, type, path}}) for whoever runs buttons.
 */
export function buttonItem(node) {
  const button = h("button", {
    type: "button",
    class: "btn btn-form-button",
    "aria-disabled": "true",
    "data-tooltip": node.description || null,
    dataset: { button: node.method, buttonType: node.type, path: node.path },
  }, node.ui_name || node.method);
  button.addEventListener("click", () => {
    if (button.dataset.blocked === "true") return;
    document.dispatchEvent(new CustomEvent("vl:button", {
      detail: { method: node.method, type: node.type, path: node.path, longpoll: node.longpoll, interaction: node.interaction },
    }));
  });
  const wrapper = h("div", { class: "field field-button", dataset: { field: node.path, type: node.type } },
    h("div", { class: "field-label-row", "aria-hidden": "true" }, h("span", { class: "field-label" }, "\u00a0")),
    button);
  setFlex(wrapper, typeof node.flex === "number" ? node.flex : 33);
  return { node, wrapper, button };
}

export function childEntityManager(node) {
  const wrapper = h("div", { class: "field child-manager", dataset: { childManager: node.path } },
    h("div", { class: "field-label-row" }, h("span", { class: "field-label" }, `Children: ${node.entity_type_name}`),
      infoIcon("Create, open, rename, move and delete them in the Children panel at the top of the inputs.")),
    h("a", { class: "btn btn-small", href: "#children" }, "Go to the children"));
  setFlex(wrapper, 100);
  return { node, wrapper };
}
