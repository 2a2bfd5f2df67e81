// Rendering of view results and of job errors. Each result type has a module under results/;
// mountResult() picks it, lays out the *AndData combinations and returns a handle to dispose of.

import { h } from "./dom.js";
import { renderDataResult } from "./results/data.js";
import { disposePlotly, drawPlotly } from "./results/plotly.js";

export { formatDataValue, renderDataResult } from "./results/data.js";
export { disposePlotly, drawPlotly, loadPlotly } from "./results/plotly.js";

async function mountPlotly(container, result) {
  const div = h("div", { class: "plotly-view", dataset: { plotly: "" } });
  container.appendChild(div);
  await drawPlotly(div, result.figure);
  return {
    update: async (next) => {
      await drawPlotly(div, next.figure);
      return true;
    },
    dispose: () => disposePlotly(div),
  };
}

async function mountData(container, result) {
  container.appendChild(renderDataResult(result));
  return {};
}

const lazy = (path, name) => async (container, result, ctx) => (await import(path))[name](container, result, ctx);

/** The visual of each result type; the *AndData types add a data panel beside it. */
const VISUALS = {
  DataResult: mountData,
  PlotlyResult: mountPlotly,
  PlotlyAndDataResult: mountPlotly,
  ImageResult: lazy("./results/image.js", "mountImage"),
  ImageAndDataResult: lazy("./results/image.js", "mountImage"),
  PDFResult: lazy("./results/pdf.js", "mountPdf"),
  WebResult: lazy("./results/web.js", "mountWeb"),
  WebAndDataResult: lazy("./results/web.js", "mountWeb"),
  TableResult: lazy("./results/table.js", "mountTable"),
  GeometryResult: lazy("./results/geometry.js", "mountGeometry"),
  GeometryAndDataResult: lazy("./results/geometry.js", "mountGeometry"),
  MapResult: lazy("./results/map.js", "mountMap"),
  MapAndDataResult: lazy("./results/map.js", "mountMap"),
  GeoJSONResult: lazy("./results/map.js", "mountMap"),
  GeoJSONAndDataResult: lazy("./results/map.js", "mountMap"),
};

export const isSupportedResult = (result) => Boolean(result && VISUALS[result.type]);

/**
 * Show `result` in `container` (which the caller has emptied). ctx: {options} = the view's
 * manifest options. Resolves, once it is drawn, to {type, update(result)?, dispose()}.
 */
export async function mountResult(container, result, ctx = {}) {
  const mount = VISUALS[result?.type];
  if (!mount) throw new Error(`Results of type ${result?.type || "unknown"} cannot be shown.`);
  const andData = result.type.endsWith("AndDataResult");
  let target = container;
  let wrapper = null;
  if (andData) {
    const visual = h("div", { class: "and-data-visual" });
    wrapper = h("div", { class: "and-data", dataset: { andData: result.type } },
      visual, h("aside", { class: "and-data-panel", "aria-label": "Data" }, renderDataResult(result)));
    container.appendChild(wrapper);
    target = visual;
  }
  const handle = (await mount(target, result, ctx)) || {};
  return {
    type: result.type,
    update: !andData && handle.update ? handle.update : null,
    startSelection: handle.startSelection ? (interaction) => handle.startSelection(interaction) : null,
    startDrawing: handle.startDrawing ? (request) => handle.startDrawing(request) : null, // a geo field, on a map
    startPicking: handle.startPicking ? (request) => handle.startPicking(request) : null, // a geometry select, in 3D
    dispose: () => handle.dispose?.(),
  };
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
