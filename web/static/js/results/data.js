// DataResult: a tree of label / explanation / value rows, up to three levels deep.

import { h } from "../dom.js";

export function formatDataValue(item) {
  const value = item.value;
  if (value === null || value === undefined || value === "") return "";
  let text;
  if (typeof value === "number" && Number.isInteger(item.number_of_decimals) && item.number_of_decimals >= 0) {
    text = value.toFixed(Math.min(item.number_of_decimals, 100));
    if (/^-0(\.0*)?$/.test(text)) text = text.slice(1);
  } else {
    text = String(value);
  }
  return [item.prefix, text, item.suffix].filter((s) => s !== null && s !== undefined && s !== "").join(" ");
}

const STATUSES = new Set(["info", "success", "warning", "error"]);

function dataItem(item, depth) {
  const children = Array.isArray(item.subgroup) && item.subgroup.length ? item.subgroup : null;
  const status = STATUSES.has(item.status) ? item.status : "info";
  const label = item.label === null || item.label === undefined ? "" : String(item.label);
  const row = h("div", {
    class: ["data-row", children ? "has-children" : null, `status-${status}`],
    dataset: {
      itemLabel: label,
      itemKey: item.key ?? null,
      raw: item.value === null || item.value === undefined ? null : String(item.value),
    },
  },
  children ? h("span", { class: "chevron", "aria-hidden": "true" }) : null,
  h("span", { class: "data-label" }, label),
  h("span", { class: "data-explanation" }, item.explanation_label || ""),
  h("span", { class: "data-value-cell" },
    h("span", { class: "data-value" }, formatDataValue(item)),
    item.status_message
      ? h("span", { class: `data-status data-status-${status}`, dataset: { status } }, item.status_message)
      : null));
  const wrapper = h("div", { class: "data-item", dataset: { depth } }, row);
  if (children) {
    const group = h("div", { class: "data-group data-subgroup" }, children.map((c) => dataItem(c, depth + 1)));
    row.setAttribute("role", "button");
    row.setAttribute("tabindex", "0");
    row.setAttribute("aria-expanded", "true");
    const toggle = () => {
      const open = group.hidden;
      group.hidden = !open;
      row.setAttribute("aria-expanded", String(open));
    };
    row.addEventListener("click", toggle);
    row.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        toggle();
      }
    });
    wrapper.appendChild(group);
  }
  return wrapper;
}

/** The data tree of a DataResult (or the `data` part of an *AndData result). */
export function renderDataResult(result) {
  const items = Array.isArray(result.data) ? result.data : [];
  if (!items.length) return h("div", { class: "view-empty" }, "This view returned no data.");
  return h("div", { class: "data-view" },
    h("div", { class: "data-group" }, items.map((item) => dataItem(item, 0))));
}
