// Form buttons (declared by the parametrization, rendered by the form with data-button): clicking one
// dispatches "vl:button"; this module runs the button's method as a job and handles its result.
// DownloadButton -> the browser downloads the file; SetParamsButton -> the params merge into the
// inputs; OptimizationButton -> a table of candidates, picking one sets its params; ActionButton ->
// only its messages.

import { h, toast } from "./dom.js";
import { progressText, runJob } from "./jobs.js";
import { imageElement } from "./results/image.js";
import { getPath } from "./params.js";

/** A button without longpoll is expected back quickly (the platform's short request timeout). */
export const SHORT_BUTTON_SECONDS = 15;

const running = new Set();

function buttonsFor(method) {
  return [...document.querySelectorAll("[data-button]")].filter((el) => el.dataset.button === method);
}

function setBusy(method, busy, text = "") {
  for (const el of buttonsFor(method)) {
    el.classList.toggle("is-busy", busy);
    el.setAttribute("aria-busy", String(busy));
    el.disabled = busy;
    let line = el.parentElement?.querySelector(".button-progress");
    if (busy && !line) {
      line = h("span", { class: "button-progress", role: "status", dataset: { buttonProgress: method } });
      el.after(line);
    }
    if (line) {
      if (busy) line.textContent = text;
      else line.remove();
    }
  }
}

function download(ref) {
  const a = h("a", { href: `/api/blobs/${encodeURIComponent(ref.blob)}?download=1`, download: ref.filename || "" });
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

function formatValue(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** The optimisation results as a dialog; resolves when it closes. */
function showOptimization(result, ctx, title) {
  const inputs = Array.isArray(result.input_columns) ? result.input_columns : [];
  const outputs = Array.isArray(result.output_headers) ? result.output_headers : [];
  const rows = Array.isArray(result.rows) ? result.rows : [];
  let selected = -1;
  const use = h("button", { type: "button", class: "btn btn-primary", disabled: true, dataset: { useOption: "" } }, "Use these inputs");
  const body = h("tbody");
  const trs = rows.map((row, i) => {
    const tr = h("tr", { dataset: { option: i }, tabindex: "0" },
      h("th", { scope: "row", class: "row-header" }, String(i + 1)),
      inputs.map((path) => h("td", null, formatValue(getPath(row.params || {}, path)))),
      outputs.map((o) => h("td", null, formatValue((row.analysis_result || {})[o.key]))));
    const pick = () => {
      selected = i;
      trs.forEach((other, j) => other.classList.toggle("is-selected", j === i));
      use.disabled = false;
    };
    tr.addEventListener("click", pick);
    tr.addEventListener("dblclick", () => use.click());
    tr.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        pick();
      }
    });
    return tr;
  });
  body.append(...trs);
  const table = h("table", { class: "table-view optimization-table" },
    h("thead", null, h("tr", null, h("th", { class: "index-header" }, "#"),
      inputs.map((path) => h("th", { scope: "col" }, ctx.fieldLabel(path))),
      outputs.map((o) => h("th", { scope: "col" }, o.title)))),
    body);
  const close = h("button", { type: "button", class: "btn" }, "Close");
  const image = result.image ? h("div", { class: "optimization-image" }, imageElement(result.image, "Optimisation plot")) : null;
  const dialog = h("dialog", { class: "vl-dialog", dataset: { optimization: "" }, "aria-label": title },
    h("div", { class: "vl-dialog-head" }, h("h2", null, title)),
    h("div", { class: "vl-dialog-body" }, rows.length ? h("div", { class: "table-scroll" }, table) : h("p", null, "No options."), image),
    h("div", { class: "vl-dialog-foot" }, close, use));
  document.body.appendChild(dialog);
  return new Promise((resolve) => {
    close.addEventListener("click", () => dialog.close());
    use.addEventListener("click", () => {
      if (selected < 0) return;
      ctx.applyParams(rows[selected].params || {});
      toast(`Option ${selected + 1} applied to the inputs.`, "success");
      dialog.close();
    });
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve();
    });
    dialog.showModal();
  });
}

async function handleResult(result, ctx, detail, messageCount) {
  switch (result?.type) {
    case "DownloadResult":
      download(result.file);
      break;
    case "SetParamsResult":
      ctx.applyParams(result.params || {});
      toast("Inputs updated.", "success");
      break;
    case "OptimizationResult":
      await showOptimization(result, ctx, detail.label || "Optimisation results");
      break;
    default:
      if (!messageCount) toast("Done.", "success");
  }
}

function showError(error, ctx) {
  if (error?.kind === "user") ctx.applyUserViolations(error.input_violations || []);
  const prefix = { user: "", timeout: "Too slow: ", app: "The app raised an error: ", system: "" }[error?.kind] ?? "";
  toast(`${prefix}${error?.message || "The job ended without a result."}`, "error");
}

/**
 * Listen for "vl:button" events. ctx: {entityId, getParams(), hasViolations(), applyParams(params),
 * applyUserViolations(violations), fieldLabel(path), showMessages(messages), selectOnMap(interaction)}.
 */
export function installButtons(ctx) {
  // The form renders buttons inert (aria-disabled) until something runs them: from now on they are
  // disabled only while the inputs are invalid (the editor keeps data-blocked up to date).
  const sync = (el) => el.setAttribute("aria-disabled", String(el.dataset.blocked === "true"));
  document.querySelectorAll("[data-button]").forEach(sync);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.target instanceof Element && change.target.matches("[data-button]")) sync(change.target);
    }
  }).observe(document.body, { attributes: true, attributeFilter: ["data-blocked"], subtree: true });
  document.addEventListener("vl:button", async (event) => {
    const detail = event.detail || {};
    const method = detail.method;
    if (!method || running.has(method)) return;
    if (ctx.hasViolations()) {
      toast("Fix the invalid inputs first.", "warning");
      return;
    }
    running.add(method);
    const label = buttonsFor(method)[0]?.textContent?.trim() || method;
    let selection = null;
    if (detail.interaction?.type === "map_select") {
      setBusy(method, true, "Select on the map…");
      const ids = await ctx.selectOnMap(detail.interaction).catch(() => null);
      if (!ids) {
        setBusy(method, false);
        running.delete(method);
        return;
      }
      selection = { type: "map_select", value: ids };
    }
    setBusy(method, true, "Starting…");
    const shown = [];
    const job = runJob(ctx.entityId, { method, params: ctx.getParams(), body: selection ? { event: selection } : {} }, {
      onStatus: (s) => setBusy(method, true, s.status === "queued" ? "Waiting for a worker…" : "Running…"),
      onProgress: (p) => setBusy(method, true, progressText(p)),
      onMessage: (m) => {
        shown.push(m);
        ctx.showMessages([m]);
      },
    });
    let timer = 0;
    if (detail.longpoll === false) {
      timer = setTimeout(() => {
        job.cancel();
        toast(`"${label}" did not finish within ${SHORT_BUTTON_SECONDS} s. Buttons for long work need longpoll=True.`, "error");
      }, SHORT_BUTTON_SECONDS * 1000);
    }
    try {
      const ended = await job.done;
      clearTimeout(timer);
      setBusy(method, false);
      if (!ended) return;
      const later = (ended.messages || []).filter((m) => !shown.some((s) => s.kind === m.kind && s.message === m.message));
      ctx.showMessages(later);
      if (ended.status === "finished") await handleResult(ended.result, ctx, { ...detail, label }, shown.length + later.length);
      else showError(ended.error, ctx);
    } finally {
      clearTimeout(timer);
      setBusy(method, false);
      running.delete(method);
    }
  });
}
