// Saving the inputs as revisions of the entity: autosave after a quiet period and when the page is
// left, a manual save that may name its revision, and the save status beside the buttons.
//
// An edit marks the inputs dirty only while they differ from the last saved params (typing a value
// back clears "Unsaved changes"). A burst of edits becomes one autosaved revision: the save waits
// for `data-autosave-ms` of quiet (VIKTORLITE_AUTOSAVE_SECONDS; 0 = never by itself). An autosave
// names its base revision and is refused (409) when a newer one was saved elsewhere; it then waits
// until the user loads that one or saves by hand. A named save ("Save as…") of what the last
// autosave holds names that revision on the server instead of repeating it.

import { api } from "./api.js";
import { h, toast } from "./dom.js";
import { applyUserViolations } from "./editor_inputs.js";
import { els, entityId, hasViolations, root, state } from "./editor_state.js";
import { modal } from "./entity_dialogs.js";
import { clone } from "./params.js";

const AUTOSAVE_MS = Number(root.dataset.autosaveMs || 0);
/** What fetch's keepalive carries at most (Chromium's limit is 64 KiB for all of a page's requests). */
const KEEPALIVE_BYTES = 60_000;

/** JSON with object keys sorted: the same params give the same text whatever order they were set in. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

const autosaveOn = () => AUTOSAVE_MS > 0 && !root.dataset.sessionId && Boolean(state.entity);
let timer = 0;
let again = null; // a save asked for while one was running

/** The params now shown are the saved ones (after loading or saving a revision). */
export function markSaved(revision = state.revision) {
  state.revision = revision;
  state.savedKey = canonical(state.params);
  state.dirty = false;
}

/** After any change of the inputs: dirty while they differ from the saved params; autosave soon. */
export function noteEdit() {
  state.dirty = canonical(state.params) !== state.savedKey;
  updateSaveStatus();
  scheduleAutosave();
}

/** Autosave stops while an old revision is shown ("revision") or a newer one exists ("conflict"). */
export function holdAutosave(reason) {
  state.holdAutosave = reason;
  if (reason) clearTimeout(timer);
  updateSaveStatus();
}

function scheduleAutosave() {
  clearTimeout(timer);
  if (!autosaveOn() || !state.dirty || state.holdAutosave) return;
  timer = setTimeout(() => save({ auto: true }), AUTOSAVE_MS);
}

export function updateSaveStatus(kind = null, text = null) {
  let k = kind;
  let t = text;
  if (!k) {
    if (state.saving) [k, t] = ["saving", "Saving…"];
    else if (state.dirty && state.holdAutosave === "conflict") [k, t] = ["dirty", "Unsaved changes (a newer revision exists)"];
    else if (state.dirty) [k, t] = ["dirty", "Unsaved changes"];
    else [k, t] = ["saved", `Saved (revision ${state.revision})`];
  }
  els.saveStatus.dataset.state = k;
  els.saveStatus.dataset.kind = state.lastSaveKind || "";
  els.saveStatus.textContent = t;
  els.save.disabled = state.saving || !state.entity;
  const named = document.getElementById("save-named");
  if (named) named.disabled = state.saving || !state.entity;
}

/**
 * Save the inputs as a revision: `auto` for the autosave (only when dirty, valid and not held),
 * `label` to name a manual one. One save at a time; one asked for meanwhile runs after it.
 */
export async function save({ auto = false, label = null } = {}) {
  if (!state.entity || root.dataset.sessionId) return; // an editor app's session is never saved
  if (auto && (!autosaveOn() || !state.dirty || state.holdAutosave || hasViolations())) return;
  if (!auto && hasViolations()) {
    toast("Fix the invalid inputs before saving.", "warning");
    return;
  }
  if (state.saving) {
    if (!again || again.auto) again = { auto, label }; // a manual save wins over an autosave
    return;
  }
  clearTimeout(timer);
  const params = clone(state.params);
  const key = canonical(params);
  const body = auto ? { params, autosave: true, base_revision: state.revision } : { params, label };
  const text = JSON.stringify(body);
  state.saving = true;
  updateSaveStatus();
  let failed = false;
  try {
    const saved = await api("PUT", `/api/entities/${entityId}/params`, body, { keepalive: auto && text.length < KEEPALIVE_BYTES });
    state.revision = saved.revision;
    state.savedKey = key;
    state.lastSaveKind = auto ? "auto" : "manual";
    if (!auto) state.holdAutosave = null;
  } catch (err) {
    failed = true;
    if (auto && err.status === 409) {
      state.holdAutosave = "conflict"; // the entity chrome offers to load the newer revision
    } else {
      updateSaveStatus("error", "Save failed");
      toast(`Save failed: ${err.message}`, "error");
      const problems = err.body?.problems;
      if (Array.isArray(problems)) applyUserViolations(problems.map((p) => ({ message: p.message, fields: [p.field] })));
    }
  } finally {
    state.saving = false;
    state.dirty = canonical(state.params) !== state.savedKey;
    if (!failed || state.holdAutosave === "conflict") updateSaveStatus();
    const next = again;
    again = null;
    if (next) save(next);
    else if (!failed) scheduleAutosave();
  }
}

/** "Save as…": a manual save with a name for its revision. */
export async function saveNamed() {
  if (hasViolations()) {
    toast("Fix the invalid inputs before saving.", "warning");
    return;
  }
  const input = h("input", { class: "input", type: "text", name: "label", maxlength: "100", placeholder: "e.g. Sent to the client" });
  const label = await modal({
    title: "Save a named revision",
    name: "save-named",
    body: [h("label", { class: "dialog-field" }, h("span", null, "Name"), input)],
    confirmLabel: "Save",
    onConfirm: () => input.value.trim() || null,
  });
  if (label !== null) await save({ label });
}

/** Leaving the page: send what is not saved yet with a request that outlives the page. */
function saveOnLeave() {
  if (!autosaveOn() || !state.dirty || state.holdAutosave || hasViolations()) return;
  const params = clone(state.params);
  const key = canonical(params);
  if (key === state.leaveKey) return; // pagehide after visibilitychange: sent already
  const body = JSON.stringify({ params, autosave: true, base_revision: state.revision });
  if (body.length >= KEEPALIVE_BYTES) return; // too big to outlive the page: beforeunload asks instead
  state.leaveKey = key;
  state.leaveSaving = true; // its "saved" event is ours, not a save made elsewhere (editor_entity.js)
  fetch(`/api/entities/${entityId}/params`, {
    method: "PUT",
    keepalive: true,
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body,
  }).then(async (response) => { // the page may still be here (a hidden tab): take the revision
    if (!response.ok) return;
    const saved = await response.json();
    if (canonical(state.params) === key && saved.revision > (state.revision || 0)) {
      state.revision = saved.revision;
      state.savedKey = key;
      state.lastSaveKind = "auto";
      state.dirty = false;
      updateSaveStatus();
    }
  }).catch(() => {
    state.leaveKey = null;
  }).finally(() => {
    state.leaveSaving = false;
  });
}

/** Whether leaving now would lose changes (nothing can save them on the way out). */
export function wouldLoseChanges() {
  if (!state.dirty) return false;
  if (!autosaveOn() || state.holdAutosave || hasViolations()) return true;
  return JSON.stringify({ params: state.params, autosave: true, base_revision: state.revision }).length >= KEEPALIVE_BYTES;
}

export function installSaving() {
  els.save.addEventListener("click", () => save());
  document.getElementById("save-named")?.addEventListener("click", saveNamed);
  window.addEventListener("pagehide", saveOnLeave);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") saveOnLeave();
  });
}
