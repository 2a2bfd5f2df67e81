// The entity editor: input panel (parametrization) on the left, views on the right.

import { api, waitForManifest } from "./api.js";
import { appErrorBox, clear, h, infoIcon, installTooltips, toast } from "./dom.js";
import { entry, scope } from "./dynamic.js";
import { FormModel, runOnNext } from "./editor_form.js";
import { renderItems } from "./form.js";
import { clone, deepMerge, getPath, isDynamic, setPath, staticOr } from "./params.js";
import { installButtons } from "./buttons.js";
import { installEntityChrome } from "./editor_entity.js";
import { installJobLog } from "./joblog.js";
import { progressText, runJob } from "./jobs.js";
import { followAppReloads } from "./live.js";
import { mountResult, renderJobError } from "./results.js";

const QUICK_MAX_SECONDS = 3;
const DEBOUNCE_MS = 400;

const $ = (id) => document.getElementById(id);
const root = $("editor");
const entityId = Number(root.dataset.entityId);
const els = {
  status: $("editor-status"),
  pageBar: $("page-bar"),
  main: $("editor-main"),
  inputPanel: $("input-panel"),
  viewPanel: $("view-panel"),
  viewTabs: $("view-tabs"),
  viewBodies: $("view-bodies"),
  save: $("save"),
  saveStatus: $("save-status"),
  entityName: $("entity-name"),
  entityType: $("entity-type"),
};

const state = {
  manifest: null,
  type: null, // the entity type's manifest entry
  schema: null,
  entity: null,
  params: {},
  revision: null,
  dirty: false,
  changes: 0, // bumped on every edit; lets a save know whether edits happened meanwhile
  saving: false,
  fields: new Map(), // path -> field controller
  dynamics: [], // constraint entries of every rendered item (dynamic.js)
  form: null, // FormModel: lookups, the update cycle, callback jobs
  buttons: [], // form buttons (display items), blocked while inputs are invalid
  groups: [], // pages or steps: {node, panel, button}
  activeGroup: null,
  views: new Map(), // method -> view controller
  activeView: null,
  restoreView: null, // the view that was open before a hot reload rebuilt the editor
  debounce: 0,
};

const isQuick = (spec) => !(Number(spec.duration_guess) > QUICK_MAX_SECONDS);

// -- status / fatal errors -----------------------------------------------------------------------

function showStatus(title, detail = "") {
  els.status.hidden = false;
  clear(els.status).append(
    h("div", { class: "spinner", "aria-hidden": "true" }),
    h("div", null, h("div", { class: "status-title" }, title), detail ? h("div", { class: "muted" }, detail) : null));
}

function showFatal(node) {
  els.status.hidden = false;
  clear(els.status).append(node);
  els.main.hidden = true;
  els.pageBar.hidden = true;
}

// -- params & validation -------------------------------------------------------------------------

const visibleFields = () => [...state.fields.values()].filter((f) => f.visible);
const invalidFields = () => visibleFields().filter((f) => f.constraint);
const hasViolations = () => invalidFields().length > 0;

function validateAll() {
  state.form.update();
  const blocked = hasViolations();
  for (const item of state.buttons) {
    item.button.dataset.blocked = String(blocked);
    item.button.title = blocked ? "Fix the invalid inputs first" : "";
  }
}

function fieldLabel(path) {
  const field = state.fields.get(path) || [...state.fields.values()].find((f) => f.storage === path);
  return field ? (field.node.ui_name || path) : path;
}

function applyUserViolations(violations) {
  for (const field of state.fields.values()) field.userError = null;
  for (const violation of violations || []) {
    for (const path of violation.fields || []) {
      const field = state.form.fieldAt(path);
      if (field) field.userError = violation.message || "Invalid value";
    }
  }
  for (const field of state.fields.values()) field.show();
}

/**
 * A button's MapSelectInteraction: show its map view and let the user pick features there.
 * Resolves to the selected identifiers, or null when cancelled or impossible (said in a toast).
 */
async function selectOnMap(interaction) {
  const view = state.views.get(interaction.view);
  if (!view || view.tab.hidden) {
    toast(`The map view ${JSON.stringify(interaction.view)} is not available here.`, "warning");
    return null;
  }
  if (state.activeView !== interaction.view) activateView(interaction.view);
  const deadline = Date.now() + 120_000;
  while (view.body.dataset.state === "loading" || view.body.dataset.state === "idle") {
    if (Date.now() > deadline || state.activeView !== interaction.view) return null;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!view.renderer?.startSelection) {
    toast(`The view ${JSON.stringify(interaction.view)} shows no map to select on.`, "warning");
    return null;
  }
  return view.renderer.startSelection(interaction);
}

/** Merge params a button returned into the inputs: only the fields it names change (SetParamsResult). */
function applyParams(params) {
  state.params = state.form.prune(deepMerge(state.params, params));
  for (const field of state.fields.values()) field.refresh?.();
  state.changes += 1;
  state.dirty = true;
  updateSaveStatus();
  validateAll();
  state.form.inputsChanged();
  inputsChanged();
}

/** Show other params (a newer revision, an old one, a restore) in the inputs; the views follow. */
function replaceParams(params, { revision = null, dirty = false } = {}) {
  state.params = state.form.prune(deepMerge(clone(state.type.default_params || {}), params || {}));
  for (const field of state.fields.values()) field.refresh?.();
  if (revision !== null) state.revision = revision;
  state.changes += 1;
  state.dirty = dirty;
  updateSaveStatus();
  validateAll();
  state.form.inputsChanged();
  inputsChanged();
}

function onFieldChange(field, value, { badInput = false } = {}) {
  const before = JSON.stringify(getPath(state.params, field.storage) ?? null);
  setPath(state.params, field.storage, value);
  const changed = before !== JSON.stringify(value ?? null);
  field.userError = null;
  validateAll();
  if (changed) {
    state.form.inputsChanged();
    state.changes += 1;
    state.dirty = true;
    updateSaveStatus();
  }
  if (changed || badInput) inputsChanged();
}

function inputsChanged() {
  const blocked = hasViolations();
  updateStepNav();
  for (const view of state.views.values()) {
    if (!isQuick(view.spec) && view.body.dataset.state !== "idle") view.outdated = true;
    updateNotice(view);
  }
  const view = state.views.get(state.activeView);
  if (!view) return;
  clearTimeout(state.debounce);
  if (blocked) {
    cancelRun(view);
    return;
  }
  if (isQuick(view.spec)) state.debounce = setTimeout(() => runView(view.spec.method), DEBOUNCE_MS);
}

// -- saving --------------------------------------------------------------------------------------

function updateSaveStatus(kind = null, text = null) {
  let k = kind;
  let t = text;
  if (!k) {
    if (state.saving) [k, t] = ["saving", "Saving…"];
    else if (state.dirty) [k, t] = ["dirty", "Unsaved changes"];
    else [k, t] = ["saved", `Saved (revision ${state.revision})`];
  }
  els.saveStatus.dataset.state = k;
  els.saveStatus.textContent = t;
  els.save.disabled = state.saving || !state.entity;
}

async function save() {
  if (state.saving || !state.entity || root.dataset.sessionId) return; // an editor app's session is never saved
  if (hasViolations()) {
    toast("Fix the invalid inputs before saving.", "warning");
    return;
  }
  const changesAtStart = state.changes;
  state.saving = true;
  updateSaveStatus();
  try {
    const body = await api("PUT", `/api/entities/${entityId}/params`, { params: clone(state.params) });
    state.revision = body.revision;
    state.dirty = state.changes !== changesAtStart;
    state.saving = false;
    updateSaveStatus();
  } catch (err) {
    state.saving = false;
    updateSaveStatus("error", "Save failed");
    toast(`Save failed: ${err.message}`, "error");
    const problems = err.body?.problems;
    if (Array.isArray(problems)) applyUserViolations(problems.map((p) => ({ message: p.message, fields: [p.field] })));
  }
}

// -- views ---------------------------------------------------------------------------------------

function buildView(spec) {
  const notice = h("div", { class: "view-notice", role: "status" });
  notice.hidden = true;
  const worker = h("span", { class: "view-worker", title: "Worker that computed this view" });
  let updateButton = null;
  if (!isQuick(spec)) {
    updateButton = h("button", {
      type: "button",
      class: "btn btn-primary btn-small update-button",
      dataset: { updateView: spec.method },
    }, h("span", { class: "icon-refresh", "aria-hidden": "true" }), spec.update_label || "Update");
  }
  const content = h("div", { class: "view-content" }, h("div", { class: "view-empty" }, "No results yet."));
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
  h("div", { class: "view-toolbar" }, notice, h("span", { class: "spacer" }), worker, updateButton),
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
    spec, tab, body, content, overlay, overlayText, notice, worker, updateButton,
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

function setViewState(view, s) {
  view.body.dataset.state = s;
  view.overlay.hidden = s !== "loading";
  view.body.setAttribute("aria-busy", String(s === "loading"));
  if (s !== "loading") view.settled = s;
}

function updateNotice(view) {
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

function closeStream(view) {
  if (view.job) view.job.cancel();
  view.job = null;
}

function cancelRun(view) {
  view.seq += 1;
  closeStream(view);
  if (view.body.dataset.state === "loading") setViewState(view, view.settled);
}

function clearContent(view) {
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

const STATUS_TEXT = {
  queued: "Waiting for a worker…",
  started: "Running…",
  deferred: "Waiting…",
  scheduled: "Waiting…",
  reconnecting: "Reconnecting…",
};

/** Stop the view's running job on its worker; its end (status "stopped") arrives over SSE as usual. */
async function stopView(view) {
  if (!view.jobId) return;
  view.overlayText.textContent = "Stopping…";
  try {
    await api("POST", `/api/jobs/${encodeURIComponent(view.jobId)}/stop`);
  } catch (err) {
    toast(`Could not stop the job: ${err.message}`, "error");
  }
}

/** Run a view's method; a newer run of the same view supersedes this one (seq), here and on the server. */
async function runView(method) {
  const view = state.views.get(method);
  if (!view) return;
  clearTimeout(state.debounce);
  if (hasViolations()) {
    cancelRun(view);
    updateNotice(view);
    return;
  }
  const seq = ++view.seq;
  closeStream(view);
  view.outdated = false;
  updateNotice(view);
  view.overlayText.textContent = "Starting…";
  setViewState(view, "loading");
  const stale = () => seq !== view.seq;
  const shown = [];
  view.jobId = null;
  const job = runJob(entityId, { method, params: clone(state.params) }, {
    onStarted: (jobId) => {
      if (!stale()) view.jobId = jobId;
    },
    onStatus: (update) => {
      if (stale()) return;
      let text = STATUS_TEXT[update.status] || "Running…";
      if (update.status === "started" && update.worker) text = `Running on ${update.worker}…`;
      view.overlayText.textContent = text;
    },
    onProgress: (update) => {
      if (!stale() && update.message) view.overlayText.textContent = progressText(update);
    },
    onMessage: (message) => {
      if (stale()) return;
      shown.push(message);
      showMessages([message]);
    },
  });
  view.job = job;
  const ended = await job.done;
  if (view.job === job) view.job = null;
  if (!ended || stale()) return;
  finishJob(view, seq, { ...ended, messages: unseen(ended.messages, shown) });
}

/** The messages of an ended job that were not already shown live. */
function unseen(messages, shown) {
  const seen = new Map();
  for (const m of shown) seen.set(`${m.kind}|${m.message}`, (seen.get(`${m.kind}|${m.message}`) || 0) + 1);
  return (messages || []).filter((m) => {
    const key = `${m?.kind}|${m?.message}`;
    if (!seen.get(key)) return true;
    seen.set(key, seen.get(key) - 1);
    return false;
  });
}

function showMessages(messages) {
  for (const m of messages || []) {
    if (!m) continue;
    const text = typeof m === "string" ? m : (m.message ?? m.text ?? "");
    const kind = typeof m === "object" ? (m.type || m.level || m.kind || "info") : "info";
    if (kind === "progress") continue; // progress is shown live in the spinner overlay
    if (text) toast(String(text), ["info", "success", "warning", "error"].includes(kind) ? kind : "info");
  }
}

async function finishJob(view, seq, job) {
  view.worker.textContent = job.worker || "";
  view.worker.dataset.worker = job.worker || "";
  showMessages(job.messages);
  if (job.status === "finished" && job.result) {
    applyUserViolations([]);
    const result = job.result;
    try {
      if (view.renderer?.update && view.renderer.type === result.type) {
        await view.renderer.update(result); // redraw in place (keeps zoom and the like)
      } else {
        clearContent(view);
        const holder = h("div", { class: "result-holder" });
        view.content.appendChild(holder);
        const renderer = await mountResult(holder, result, { options: view.spec.options || {} });
        if (seq !== view.seq) { // a newer run took over while this one was drawing
          renderer.dispose();
          holder.remove();
          return;
        }
        view.renderer = renderer;
      }
      if (seq !== view.seq) return;
      view.body.dataset.resultType = result.type;
      setViewState(view, "ready");
    } catch (err) {
      if (seq !== view.seq) return;
      clearContent(view);
      view.content.appendChild(renderJobError({ kind: "system", message: err.message }));
      setViewState(view, "error");
    }
    return;
  }
  const error = job.error || {
    kind: "system",
    message: job.status === "stopped" ? "The job was stopped." : "The job ended without a result.",
  };
  applyUserViolations(error.kind === "user" ? error.input_violations : []);
  clearContent(view);
  view.content.appendChild(renderJobError(error, fieldLabel));
  setViewState(view, "error");
}

function activateView(method) {
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
  runView(method);
}

function showNoViews(text) {
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
function viewVisible(spec) {
  if (spec.visible === false) return false;
  if (!isDynamic(spec.visible)) return true;
  return state.form?.callbacks?.results?.get(spec.method)?.visible !== false;
}

/** Show the tabs of the views in `methods` (null: all views); keep or pick the active one. */
function showViews(methods) {
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

// -- pages and steps -----------------------------------------------------------------------------

function setInputWidth(width) {
  const w = Math.max(20, Math.min(80, Number(staticOr(width, 40)) || 40));
  els.inputPanel.style.flexBasis = `${w}%`;
  els.inputPanel.dataset.width = String(w);
}

function enabledSteps() {
  return state.groups.filter((g) => g.enabled !== false);
}

function selectGroup(group) {
  state.activeGroup = group;
  for (const g of state.groups) {
    const on = g === group;
    g.panel.hidden = !on;
    if (g.button) {
      g.button.classList.toggle("is-active", on);
      g.button.setAttribute("aria-selected", String(on));
      g.button.tabIndex = on ? 0 : -1;
    }
  }
  setInputWidth(staticOr(group.node.width, state.schema.width));
  updateStepNav();
  els.inputPanel.scrollTop = 0;
  root.dataset.activeGroup = group.node.path;
  showViews(Array.isArray(group.node.views) ? group.node.views : []);
}

function updateStepNav() {
  if (state.schema?.layout !== "steps" || !state.activeGroup) return;
  const steps = enabledSteps();
  const at = steps.indexOf(state.activeGroup);
  state.groups.forEach((g) => {
    const i = steps.indexOf(g);
    g.item.classList.toggle("is-current", g === state.activeGroup);
    g.item.classList.toggle("is-done", i >= 0 && i < at);
    g.item.classList.toggle("is-disabled", i < 0);
    if (g === state.activeGroup) g.item.setAttribute("aria-current", "step");
    else g.item.removeAttribute("aria-current");
  });
  const prev = $("step-prev");
  const next = $("step-next");
  const node = state.activeGroup.node;
  prev.hidden = at <= 0;
  next.hidden = at >= steps.length - 1;
  prev.textContent = node.previous_label || "Previous";
  next.textContent = node.next_label || "Next";
  next.disabled = stepViolations().length > 0;
  next.title = next.disabled ? "Fix the invalid inputs first" : "";
}

/** Invalid fields on the current step (or outside any step); they keep the user on this step. */
function stepViolations() {
  const others = state.groups.filter((g) => g !== state.activeGroup).map((g) => g.panel);
  return invalidFields().filter((f) => !others.some((panel) => panel.contains(f.wrapper)));
}

async function moveStep(delta) {
  const steps = enabledSteps();
  const at = steps.indexOf(state.activeGroup);
  const target = steps[at + delta];
  if (!target || root.dataset.stepCheck === "running") return;
  if (delta > 0 && stepViolations().length) {
    toast("Fix the invalid inputs before going to the next step.", "warning");
    return;
  }
  const from = state.activeGroup;
  if (delta > 0 && from.node.on_next) {
    // the step's on_next decides: a UserError keeps the user here, with its input violations
    const next = $("step-next");
    root.dataset.stepCheck = "running";
    next.disabled = true;
    next.classList.add("is-busy");
    const job = await runOnNext(entityId, from.node.name, state.params);
    delete root.dataset.stepCheck;
    next.classList.remove("is-busy");
    updateStepNav();
    showMessages(job.messages);
    if (job.status !== "finished") {
      const error = job.error || { message: "The step check did not finish." };
      applyUserViolations(error.input_violations || (error.problems || []).map((p) => ({ message: p.message, fields: [p.field] })));
      toast(error.message || "You cannot go on yet.", error.kind === "user" ? "warning" : "error");
      return;
    }
    if (state.activeGroup !== from) return;
  }
  applyUserViolations([]);
  selectGroup(target);
}

/** A page whose `visible` constraint is false: its tab disappears (and is left if it was open). */
function setGroupHidden(group, hidden) {
  if (!group.button || group.button.hidden === hidden) return;
  group.button.hidden = hidden;
  if (hidden && state.activeGroup === group) {
    const first = state.groups.find((g) => !g.button?.hidden);
    if (first) selectGroup(first);
  }
}

/** A step whose `enabled` constraint is false is skipped by previous/next. */
function setGroupEnabled(group, enabled) {
  if (group.enabled === enabled) return;
  group.enabled = enabled;
  if (group.item) group.item.dataset.enabled = String(enabled);
  updateStepNav();
}

// -- building the editor -------------------------------------------------------------------------

function buildInputPanel(schema, ctx) {
  const panel = els.inputPanel;
  clear(panel);
  const items = Array.isArray(schema.items) ? schema.items : [];
  const layout = schema.layout;
  const groupKind = layout === "pages" ? "page" : layout === "steps" ? "step" : null;
  const scroll = h("div", { class: "input-scroll" });
  panel.appendChild(scroll);

  if (!groupKind) {
    const form = h("div", { class: "form" });
    form.appendChild(renderItems(items, ctx));
    if (!items.length) form.appendChild(h("p", { class: "muted empty-form" }, "This entity type has no inputs."));
    scroll.appendChild(form);
    return;
  }

  const common = items.filter((n) => n && n.kind !== groupKind);
  const groupNodes = items.filter((n) => n && n.kind === groupKind);
  if (layout === "steps") {
    const list = h("ol", { class: "step-list", "aria-label": "Steps" });
    scroll.appendChild(list);
    state.stepList = list;
  }
  if (common.length) scroll.appendChild(h("div", { class: "form form-common" }, renderItems(common, ctx)));

  for (const node of groupNodes) {
    const panelEl = h("div", {
      class: "form group-panel",
      role: layout === "pages" ? "tabpanel" : null,
      dataset: { [`${groupKind}Panel`]: node.path },
    });
    const group = { node, panel: panelEl, button: null, item: null, enabled: true };
    const own = scope(ctx.scope);
    const target = { dynamicAttrs: ["enabled"], applyAttrs: (attrs) => setGroupEnabled(group, attrs.enabled !== false) };
    ctx.dynamics.push(entry(node, target, ctx.scope, { own, hide: (hidden) => setGroupHidden(group, hidden) }));
    panelEl.appendChild(renderItems(node.items || [], { ...ctx, scope: own }));
    if (!(node.items || []).length) panelEl.appendChild(h("p", { class: "muted empty-form" }, "No inputs on this page."));
    panelEl.hidden = true;
    scroll.appendChild(panelEl);
    const title = staticOr(node.title, node.name);
    if (layout === "pages") {
      group.button = h("button", {
        type: "button",
        role: "tab",
        class: "page-tab",
        "data-tooltip": node.description || null,
        dataset: { page: node.path },
      }, title);
      group.button.addEventListener("click", () => selectGroup(group));
      els.pageBar.appendChild(group.button);
    } else {
      const number = state.groups.length + 1;
      group.item = h("li", {
        class: "step-item",
        "data-tooltip": node.description || null,
        dataset: { step: node.path },
      }, h("span", { class: "step-number" }, String(number)), h("span", { class: "step-title" }, title));
      state.stepList.appendChild(group.item);
    }
    state.groups.push(group);
  }
  if (layout === "pages") els.pageBar.hidden = state.groups.length === 0;
  if (layout === "steps") {
    const prev = h("button", { type: "button", id: "step-prev", class: "btn", dataset: { stepPrev: "" } }, "Previous");
    const next = h("button", { type: "button", id: "step-next", class: "btn btn-primary", dataset: { stepNext: "" } }, "Next");
    prev.addEventListener("click", () => moveStep(-1));
    next.addEventListener("click", () => moveStep(1));
    panel.appendChild(h("div", { class: "step-nav" }, prev, h("span", { class: "spacer" }), next));
  }
}

function buildViews(type) {
  for (const spec of type.views || []) {
    const view = buildView(spec);
    state.views.set(spec.method, view);
    els.viewTabs.appendChild(view.tab);
    els.viewBodies.appendChild(view.body);
  }
}

function onViewTabKey(event) {
  if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
  const tabs = [...els.viewTabs.querySelectorAll("[data-view-tab]")].filter((t) => !t.hidden);
  const at = tabs.indexOf(document.activeElement);
  if (at < 0) return;
  const next = tabs[(at + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
  next.focus();
  next.click();
}

async function loadEntity() {
  try {
    return await api("GET", `/api/entities/${entityId}`);
  } catch (err) {
    showFatal(h("div", { class: "fatal", role: "alert" },
      h("h2", null, err.status === 404 ? "Entity not found" : "Cannot open this entity"),
      h("p", null, err.message),
      h("a", { href: "/", class: "btn" }, "Back to the entity list")));
    return null;
  }
}

// -- (re)building for the app's manifest ---------------------------------------------------------

/** Tear down what mountApp built, keeping the inputs' values (state.params) and the chrome. */
function unmountApp() {
  clearTimeout(state.debounce);
  state.form?.callbacks?.dispose(); // results for the old parametrization must not arrive
  state.restoreView = state.activeView || state.restoreView;
  state.activeView = null;
  for (const view of state.views.values()) {
    cancelRun(view); // its job ran the old code; the new code runs the view again
    clearContent(view);
    view.tab.remove();
    view.body.remove();
  }
  state.views.clear();
  state.fields.clear();
  state.dynamics.length = 0;
  state.buttons.length = 0;
  state.groups = [];
  state.activeGroup = null;
  state.pageViews = undefined;
  clear(els.pageBar).hidden = true;
  $("children")?.remove(); // the entity chrome's children panel: put back by mountApp
}

/** In place of the editor until a hot reload brings the app (or this entity type) back. */
function showBroken(node) {
  for (const view of state.views.values()) cancelRun(view);
  showFatal(node);
}

/** Build the inputs and views of this entity's type in `manifest`; again after every hot reload. */
function mountApp(manifest) {
  state.manifest = manifest;
  if (manifest.error) {
    showBroken(appErrorBox(manifest.error));
    return;
  }
  const entity = state.entity;
  const type = (manifest.entity_types || []).find((t) => t.name === entity.entity_type);
  if (!type) {
    showBroken(h("div", { class: "fatal", role: "alert" },
      h("h2", null, "Unknown entity type"),
      h("p", null, `The app has no entity type ${JSON.stringify(entity.entity_type)}.`)));
    return;
  }
  const children = $("children");
  const firstMount = state.type === null;
  if (!firstMount) unmountApp();
  state.type = type;
  state.schema = type.parametrization || { kind: "parametrization", width: 40, layout: "fields", items: [] };
  state.form = new FormModel({
    schema: state.schema,
    entityId,
    fields: state.fields,
    dynamics: state.dynamics,
    getParams: () => state.params,
    onCallbackResults: () => {
      if (state.pageViews !== undefined) showViews(state.pageViews); // view visible callbacks
      validateAll();
      updateStepNav();
      for (const view of state.views.values()) updateNotice(view);
    },
  });
  // The values in the inputs (unsaved ones too) stay; fields new to the app get their defaults.
  state.params = state.form.prune(deepMerge(type.default_params || {}, state.params || {}));

  document.title = `${els.entityName.textContent} · ${manifest.app || document.title}`; // renamed since, maybe
  els.entityType.textContent = type.label || type.name;
  els.entityType.hidden = false;

  const ctx = {
    fields: state.fields,
    dynamics: state.dynamics,
    buttons: state.buttons,
    scope: scope(),
    entity,
    entityType: type.name,
    get: (storage) => getPath(state.params, storage),
    init: (storage, value) => setPath(state.params, storage, value),
    change: onFieldChange,
    revalidate: () => {
      validateAll();
      updateStepNav();
    },
  };
  buildInputPanel(state.schema, ctx);
  if (children) els.inputPanel.querySelector(".input-scroll")?.prepend(children);
  buildViews(type);
  validateAll();
  clear(els.status).hidden = true; // a load error shown before is over
  els.main.hidden = false;
  root.dataset.layout = state.schema.layout || "fields";
  updateSaveStatus();

  if (state.groups.length) {
    const before = state.groups.find((g) => g.node.path === root.dataset.activeGroup);
    const first = state.schema.layout === "steps" ? enabledSteps()[0] : state.groups.find((g) => !g.button?.hidden);
    selectGroup(before || first || state.groups[0]);
  } else {
    setInputWidth(state.schema.width);
    showViews(null);
  }
  for (const view of state.views.values()) updateNotice(view);
  state.form.callbacks?.run();
  if (firstMount) installChrome(manifest, entity);
  root.dataset.ready = "true";
  root.dataset.manifestVersion = manifest.version || "";
}

/** What is built once, around the inputs and views: job log, buttons, the entity chrome. */
function installChrome(manifest, entity) {
  installJobLog(entityId);
  installButtons({
    entityId,
    selectOnMap,
    getParams: () => clone(state.params),
    hasViolations,
    applyParams,
    applyUserViolations,
    fieldLabel,
    showMessages,
  });
  installEntityChrome({
    manifest,
    entity,
    editor: {
      entityId,
      isDirty: () => state.dirty,
      isSaving: () => state.saving,
      revision: () => state.revision,
      replaceParams,
      rerunView: () => { // the active quick view may read other entities through viktor.api_v1
        const view = state.views.get(state.activeView);
        if (view && isQuick(view.spec) && !hasViolations()) runView(view.spec.method);
      },
      setName: (name) => {
        els.entityName.textContent = name;
        document.title = `${name} · ${state.manifest?.app || document.title}`;
      },
    },
  });
}

let reloading = Promise.resolve();

/** A hot reload published another manifest: rebuild for it (one rebuild at a time, newest wins). */
function reloadApp() {
  reloading = reloading.then(async () => {
    let manifest;
    try {
      manifest = await api("GET", "/api/app");
    } catch {
      return; // no manifest right now (workers restarting): the next version's event comes
    }
    if (manifest.version && manifest.version === state.manifest?.version) return;
    mountApp(manifest);
    if (!manifest.error) toast("The app's code changed: reloaded.", "info");
  }).catch((err) => {
    console.error(err);
    toast(`Could not rebuild the editor for the new code: ${err.message}`, "error");
  });
}

async function main() {
  installTooltips();
  updateSaveStatus("loading", "");
  els.save.addEventListener("click", save);
  els.viewTabs.addEventListener("keydown", onViewTabKey);
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
      event.preventDefault();
      save();
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (state.dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  showStatus("Loading…");
  const entityPromise = loadEntity();
  const manifest = await waitForManifest((title, detail) => showStatus(title, detail));
  const entity = await entityPromise;
  if (!entity) return;
  state.entity = entity;
  state.revision = entity.revision;
  state.params = entity.params || {};
  els.entityName.textContent = entity.name;
  mountApp(manifest);
  followAppReloads(manifest.version, reloadApp);
}

main().catch((err) => {
  console.error(err);
  showFatal(h("div", { class: "fatal", role: "alert" }, h("h2", null, "The editor failed"), h("p", null, String(err.message || err))));
});
