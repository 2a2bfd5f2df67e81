// Rendering of view results (DataResult, PlotlyResult) and of job errors.

import { h } from "./dom.js";

// -- DataResult ----------------------------------------------------------------------------------

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

export function renderDataResult(result) {
  const items = Array.isArray(result.data) ? result.data : [];
  if (!items.length) return h("div", { class: "view-empty" }, "This view returned no data.");
  return h("div", { class: "data-view" },
    h("div", { class: "data-group" }, items.map((item) => dataItem(item, 0))));
}

// -- PlotlyResult --------------------------------------------------------------------------------

let plotlyPromise = null;

export function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyPromise) {
    plotlyPromise = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "/static/vendor/plotly.min.js";
      script.async = true;
      script.addEventListener("load", () => resolve(window.Plotly));
      script.addEventListener("error", () => {
        plotlyPromise = null;
        reject(new Error("Cannot load plotly.js from /static/vendor/plotly.min.js"));
      });
      document.head.appendChild(script);
    });
  }
  return plotlyPromise;
}

function parseFigure(figure) {
  if (typeof figure === "string") {
    try {
      return JSON.parse(figure);
    } catch {
      return {};
    }
  }
  return figure && typeof figure === "object" ? figure : {};
}

/** Draw (or redraw in place) a Plotly figure into `div`, filling its container. */
export async function drawPlotly(div, figure) {
  const Plotly = await loadPlotly();
  const fig = parseFigure(figure);
  const layout = { ...(fig.layout || {}), autosize: true };
  delete layout.width;
  delete layout.height;
  const config = { responsive: true, displaylogo: false, ...(fig.config || {}) };
  await Plotly.react(div, fig.data || [], layout, config);
  if (!div.viktorliteObserver && "ResizeObserver" in window) {
    let frame = 0;
    div.viktorliteObserver = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (div.isConnected && div.offsetWidth > 0 && div.offsetHeight > 0) Plotly.Plots.resize(div);
      });
    });
    div.viktorliteObserver.observe(div);
  }
}

export function disposePlotly(div) {
  if (div.viktorliteObserver) div.viktorliteObserver.disconnect();
  if (window.Plotly) window.Plotly.purge(div);
}

// -- errors --------------------------------------------------------------------------------------

const ERROR_TITLES = {
  user: "Cannot show this view",
  app: "The app raised an error",
  timeout: "The view took too long",
  system: "Something went wrong",
};

/** An error box for a failed job. labelOf(path) gives a field's label for input violations. */
export function renderJobError(error, labelOf = (p) => p) {
  const kind = ERROR_TITLES[error?.kind] ? error.kind : "system";
  const message = error?.message || (kind === "system" ? "The job ended without a result." : "");
  const violations = Array.isArray(error?.input_violations) ? error.input_violations : [];
  return h("div", { class: `job-error job-error-${kind}`, role: "alert", dataset: { errorKind: kind } },
    h("div", { class: "job-error-title" }, ERROR_TITLES[kind]),
    message ? h("p", { class: "job-error-message" }, message) : null,
    violations.length
      ? h("ul", { class: "job-error-violations" }, violations.map((v) => h("li", null,
        (v.fields || []).length ? h("strong", null, `${(v.fields || []).map(labelOf).join(", ")}: `) : null,
        v.message || "")))
      : null,
    error?.traceback
      ? h("details", { class: "traceback-details" },
        h("summary", null, "Traceback"),
        h("pre", { class: "traceback" }, error.traceback))
      : null);
}
