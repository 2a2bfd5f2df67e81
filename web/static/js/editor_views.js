// The view area: a tab and a body per view, which one is active, which ones a page shows, and a
// button's map selection in a map view.

import { same } from "./constraints.js";
import { clear, h, infoIcon, toast } from "./dom.js";
import { $, els, invalidFields, isQuick, state } from "./editor_state.js";
import { finishJob, runView, stopView } from "./editor_view_jobs.js";
import { isDynamic } from "./params.js";

export function buildView(spec) {
  const notice = h("div", { class: "view-notice", role: "status" });
  notice.hidden = true;
  const worker = h("span", { class: "view-worker", title: "Worker that computed this view" });
  const age = h("span", { class: "view-age", dataset: { viewAge: spec.method } });
  age.hidden = true;
  let updateButton = null;
  if (!isQuick(spec)) {
    updateButton = h("button", {
      type: "button",
      class: "btn btn-primary btn-small update-button",
      dataset: { updateView: spec.method },
    }, h("span", { class: "icon-refresh", "aria-hidden": "true" }), spec.update_label || "Update");
  }
  const emptyText = isQuick(spec) ? "No results yet." : `No results yet: click “${spec.update_label || "Update"}” to compute this view.`;
  const content = h("div", { class: "view-content" }, h("div", { class: "view-empty" }, emptyText));
  const overlayText = h("div", { class: "overlay-text" }, "Running…");
  const stopButton = h("button", { type: "button", class: "btn btn-small", dataset: { stopView: spec.method } }, "Stop");
  const overlay = h("div", { class: "view-overlay" },
    h("div", { class: "spinner spinner-large" }), overlayText, stopButton);
  overlay.hidden = true;
  const body = h("section", {
    class: "view-body",
    role: "tabpanel",
    id: `view-${spec.method}`,
    "aria-labelledby": `view-tab-${spec.method}`,
    dataset: { view: spec.method, viewType: spec.type, state: "idle" },
  },
  h("div", { class: "view-toolbar" }, notice, h("span", { class: "spacer" }), age, worker, updateButton),
  h("div", { class: "view-stage" }, content, overlay));
  body.hidden = true;

  const tab = h("button", {
    type: "button",
    role: "tab",
    class: "tab view-tab",
    id: `view-tab-${spec.method}`,
    "aria-controls": body.id,
    "aria-selected": "false",
    dataset: { viewTab: spec.method },
  }, h("span", null, spec.label || spec.method), infoIcon(spec.description));
  tab.addEventListener("click", (event) => {
    if (event.target.closest(".info-icon")) return;
    activateView(spec.method);
  });

  const view = {
    spec, tab, body, content, overlay, overlayText, notice, worker, age, updateButton,
    resultParams: null, // the params the shown result was computed from (slow views: outdated when they differ)
    computedAt: null,
    seq: 0,
    job: null, // the running job ({done, cancel}) of this view
    renderer: null, // what shows the current result ({type, update?, dispose})
    outdated: false,
    settled: "idle", // data-state to return to when a run is cancelled
  };
  if (updateButton) updateButton.addEventListener("click", () => runView(spec.method));
  stopButton.addEventListener("click", () => stopView(view));
  return view;
}

export function setViewState(view, s) {
  view.body.dataset.state = s;
  view.overlay.hidden = s !== "loading";
  view.body.setAttribute("aria-busy", String(s === "loading"));
  if (s !== "loading") view.settled = s;
}

export function updateNotice(view) {
  let text = "";
  let kind = "";
  const invalid = invalidFields();
  if (invalid.length) {
    const names = invalid.slice(0, 3).map((f) => f.node.ui_name || f.path).join(", ");
    const more = invalid.length > 3 ? ` and ${invalid.length - 3} more` : "";
    text = `Fix the invalid input${invalid.length > 1 ? "s" : ""} (${names}${more}) to update this view.`;
    kind = "blocked";
  } else if (view.outdated && !isQuick(view.spec)) {
    text = "Inputs changed — results may be outdated.";
    kind = "outdated";
  }
  if (view.updateButton) view.updateButton.disabled = kind === "blocked";
  view.notice.textContent = text;
  view.notice.hidden = !text;
  if (kind) view.notice.dataset.notice = kind;
  else delete view.notice.dataset.notice;
  view.body.classList.toggle("is-outdated", kind === "outdated");
  view.body.classList.toggle("is-blocked", kind === "blocked");
  if (view.outdated && !isQuick(view.spec)) view.body.dataset.outdated = "true";
  else delete view.body.dataset.outdated;
}

export function closeStream(view) {
  if (view.job) view.job.cancel();
  view.job = null;
}

export function cancelRun(view) {
  view.seq += 1;
  closeStream(view);
  if (view.body.dataset.state === "loading") setViewState(view, view.settled);
}

export function clearContent(view) {
  if (view.renderer) {
    try {
      view.renderer.dispose();
    } catch (err) {
      console.warn("disposing a view result failed", err);
    }
  }
  view.renderer = null;
  clear(view.content);
}

export function activateView(method) {
  const view = state.views.get(method);
  if (!view) return;
  if (state.activeView && state.activeView !== method) {
    const old = state.views.get(state.activeView);
    if (old) cancelRun(old);
  }
  state.activeView = method;
  for (const v of state.views.values()) {
    const on = v === view;
    v.tab.classList.toggle("is-active", on);
    v.tab.setAttribute("aria-selected", String(on));
    v.tab.tabIndex = on ? 0 : -1;
    v.body.hidden = !on;
  }
  els.viewPanel.dataset.activeView = method;
  $("no-views").hidden = true;
  if (isQuick(view.spec)) runView(method);
  else showKept(view); // a slow view runs only from its update button
}

// -- a slow view's last result, kept per entity (GET /api/entities/{id}/slow-views) --------------

/** Whether the inputs differ from the params the shown result of a slow view was computed from. */
export function markOutdated(view) {
  if (isQuick(view.spec)) return;
  view.outdated = view.resultParams !== null && !same(view.resultParams, state.params);
}

function ageText(iso) {
  const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(seconds)) return "";
  if (seconds < 60) return "just now";
  const [n, unit] = seconds < 3600 ? [Math.floor(seconds / 60), "minute"]
    : seconds < 86400 ? [Math.floor(seconds / 3600), "hour"] : [Math.floor(seconds / 86400), "day"];
  return `${n} ${unit}${n === 1 ? "" : "s"} ago`;
}

/** Show when the result of a slow view was computed ("Computed 5 minutes ago"), kept current. */
export function showAge(view) {
  if (!view.computedAt) {
    view.age.hidden = true;
    return;
  }
  view.age.hidden = false;
  view.age.dataset.computedAt = view.computedAt;
  view.age.title = new Date(view.computedAt).toLocaleString();
  view.age.textContent = `Computed ${ageText(view.computedAt)}`;
}

setInterval(() => {
  for (const view of state.views.values()) if (view.computedAt) showAge(view);
}, 30_000);

/** A slow view shown without running it: its kept last result, with its age, outdated if the inputs differ. */
export async function showKept(view) {
  if (view.renderer || view.job || view.body.dataset.state !== "idle") {
    markOutdated(view);
    updateNotice(view);
    return;
  }
  const kept = state.kept?.get(view.spec.method);
  if (!kept) {
    updateNotice(view);
    return;
  }
  const seq = view.seq;
  view.resultParams = kept.params;
  view.computedAt = kept.computed_at;
  await finishJob(view, seq, { status: "finished", result: kept.result, worker: kept.worker, messages: [] });
  view.body.dataset.kept = "true";
  showAge(view);
  markOutdated(view);
  updateNotice(view);
}

export function showNoViews(text) {
  state.activeView = null;
  for (const v of state.views.values()) {
    cancelRun(v);
    v.body.hidden = true;
    v.tab.classList.remove("is-active");
  }
  delete els.viewPanel.dataset.activeView;
  const placeholder = $("no-views");
  placeholder.textContent = text;
  placeholder.hidden = false;
}

/** A view's `visible`: static, or decided by its callback in the latest callback job (shown until then). */
export function viewVisible(spec) {
  if (spec.visible === false) return false;
  if (!isDynamic(spec.visible)) return true;
  return state.form?.callbacks?.results?.get(spec.method)?.visible !== false;
}

/** Show the tabs of the views in `methods` (null: all views); keep or pick the active one. */
export function showViews(methods) {
  state.pageViews = methods;
  const allowed = methods ? new Set(methods) : null;
  const visible = [];
  for (const v of state.views.values()) {
    const show = (!allowed || allowed.has(v.spec.method)) && viewVisible(v.spec);
    v.tab.hidden = !show;
    if (show) visible.push(v.spec.method);
  }
  if (!visible.length) {
    showNoViews(state.views.size ? "This page has no views." : "This entity type has no views.");
    return;
  }
  if (!visible.includes(state.activeView)) activateView(visible.includes(state.restoreView) ? state.restoreView : visible[0]);
}

export function buildViews(type) {
  for (const spec of type.views || []) {
    const view = buildView(spec);
    state.views.set(spec.method, view);
    els.viewTabs.appendChild(view.tab);
    els.viewBodies.appendChild(view.body);
  }
}

export function onViewTabKey(event) {
  if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
  const tabs = [...els.viewTabs.querySelectorAll("[data-view-tab]")].filter((t) => !t.hidden);
  const at = tabs.indexOf(document.activeElement);
  if (at < 0) return;
  const next = tabs[(at + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
  next.focus();
  next.click();
}

const MAP_VIEWS = new Set(["MapView", "MapAndDataView", "GeoJSONView", "GeoJSONAndDataView"]);
const GEOMETRY_VIEWS = new Set(["GeometryView", "GeometryAndDataView", "IFCView", "IFCAndDataView"]);

/** Show `view` and wait until it has drawn a result; its renderer, or null (another view took over, or none came). */
async function shownRenderer(view) {
  if (state.activeView !== view.spec.method) activateView(view.spec.method);
  const deadline = Date.now() + 120_000;
  if (view.body.dataset.state === "idle" && !view.job) runView(view.spec.method); // a slow view runs for it
  while (view.body.dataset.state === "loading" || view.body.dataset.state === "idle") {
    if (Date.now() > deadline || state.activeView !== view.spec.method) return null;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return view.renderer;
}

/**
 * Run `start(renderer)` in the view until it settles: a view that runs again (an input changed)
 * disposes of its renderer, which ends with undefined, and the field goes on in the new one.
 */
async function inView(view, method, what, request) {
  for (;;) {
    const renderer = await shownRenderer(view);
    if (!renderer) return null;
    if (!renderer[method]) {
      toast(`The view ${JSON.stringify(view.spec.label)} shows no ${what}.`, "warning");
      return null;
    }
    const outcome = await renderer[method](request);
    if (outcome !== undefined) return outcome;
  }
}

/** The view a field works in: the one it names, else the active view if of the right kind, else the first shown. */
function viewFor(types, named) {
  if (named) return state.views.get(named) || null;
  const active = state.views.get(state.activeView);
  if (active && types.has(active.spec.type)) return active;
  return [...state.views.values()].find((v) => types.has(v.spec.type) && !v.tab.hidden) || null;
}

/**
 * A button's MapSelectInteraction: show its map view and let the user pick features there.
 * Resolves to the selected identifiers, or null when cancelled or impossible (said in a toast).
 */
export async function selectOnMap(interaction) {
  const view = state.views.get(interaction.view);
  if (!view || view.tab.hidden) {
    toast(`The map view ${JSON.stringify(interaction.view)} is not available here.`, "warning");
    return null;
  }
  const renderer = await shownRenderer(view);
  if (!renderer) return null;
  if (!renderer.startSelection) {
    toast(`The view ${JSON.stringify(interaction.view)} shows no map to select on.`, "warning");
    return null;
  }
  return renderer.startSelection(interaction);
}

/** A geo field: draw its value on the active (or first) map view. Resolves to {value}, or null. */
export async function drawOnMap(request) {
  const view = viewFor(MAP_VIEWS, null);
  if (!view || view.tab.hidden) {
    toast("There is no map view here to draw on: type the coordinates instead.", "warning");
    return null;
  }
  return inView(view, "startDrawing", "map to draw on", request);
}

/** A geometry select field: pick objects in its 3D view (the one it names, or the first). Resolves to names, or null. */
export async function pickInView(request) {
  const view = viewFor(GEOMETRY_VIEWS, request.view);
  if (!view || view.tab.hidden) {
    toast("There is no 3D view here to select in: type the object names instead.", "warning");
    return null;
  }
  return inView(view, "startPicking", "3D model to select in", request);
}
