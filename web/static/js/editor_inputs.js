// The editor's inputs: params changes (typed, set by a button, replaced by another revision), validation
// and the user's input violations; an edit tells the views and the save status.

import { updateStepNav } from "./editor_groups.js";
import { holdAutosave, markSaved, noteEdit } from "./editor_save.js";
import { DEBOUNCE_MS, hasViolations, isQuick, state } from "./editor_state.js";
import { runView } from "./editor_view_jobs.js";
import { cancelRun, markOutdated, updateNotice } from "./editor_views.js";
import { clone, deepMerge, getPath, setPath } from "./params.js";

export function validateAll() {
  state.form.update();
  const blocked = hasViolations();
  for (const item of state.buttons) {
    item.button.dataset.blocked = String(blocked);
    item.button.title = blocked ? "Fix the invalid inputs first" : "";
  }
}

export function fieldLabel(path) {
  const field = state.fields.get(path) || [...state.fields.values()].find((f) => f.storage === path);
  return field ? (field.node.ui_name || path) : path;
}

export function applyUserViolations(violations) {
  for (const field of state.fields.values()) field.userError = null;
  for (const violation of violations || []) {
    for (const path of violation.fields || []) {
      const field = state.form.fieldAt(path);
      if (field) field.userError = violation.message || "Invalid value";
    }
  }
  for (const field of state.fields.values()) field.show();
}

/** Merge params a button returned into the inputs: only the fields it names change (SetParamsResult). */
export function applyParams(params) {
  state.params = state.form.prune(deepMerge(state.params, params));
  for (const field of state.fields.values()) field.refresh?.();
  state.changes += 1;
  validateAll();
  noteEdit();
  state.form.inputsChanged();
  inputsChanged();
}

/** Show other params (a newer revision, an old one, a restore) in the inputs; the views follow. */
export function replaceParams(params, { revision = null, dirty = false } = {}) {
  state.params = state.form.prune(deepMerge(clone(state.type.default_params || {}), params || {}));
  for (const field of state.fields.values()) field.refresh?.();
  state.changes += 1;
  if (revision !== null) markSaved(revision); // a saved revision is shown: nothing to save
  validateAll();
  if (dirty) holdAutosave("revision"); // an old revision is shown: saved only when asked (Restore, Save)
  else if (revision !== null) holdAutosave(null);
  noteEdit();
  state.form.inputsChanged();
  inputsChanged();
}

export function onFieldChange(field, value, { badInput = false } = {}) {
  const before = JSON.stringify(getPath(state.params, field.storage) ?? null);
  setPath(state.params, field.storage, value);
  const changed = before !== JSON.stringify(value ?? null);
  field.userError = null;
  validateAll();
  if (changed) {
    state.form.inputsChanged({ keystroke: isKeystroke() });
    state.changes += 1;
    noteEdit();
  }
  if (changed || badInput) inputsChanged();
}

// A keystroke in a text or number box (or a slider being dragged) waits DEBOUNCE_MS for the next one;
// a committed change (blur, Enter, a select, a checkbox, a slider released, a button) runs the view at
// once. The event being dispatched tells which: it is recorded as it starts (capture phase) and still
// being dispatched (eventPhase) while the field's handler calls onFieldChange.
const TYPED = new Set(["text", "number", "search", "email", "url", "tel", "password", "range"]);
let current = null;

function isKeystroke() {
  const event = current;
  if (!event || event.eventPhase === Event.NONE || event.type !== "input") return false;
  const target = event.target;
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && TYPED.has(target.type);
}

/** A change committed while a keystroke's run waits (blur, Enter, slider release): run it now. */
function flushPending() {
  state.form?.callbacks?.flush();
  if (!state.debounce) return;
  clearTimeout(state.debounce);
  state.debounce = 0;
  const view = state.views.get(state.activeView);
  if (view && isQuick(view.spec) && !hasViolations()) runView(view.spec.method);
}

if (typeof document !== "undefined") {
  for (const type of ["input", "change"]) document.addEventListener(type, (event) => { current = event; }, true);
  document.addEventListener("change", flushPending);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target instanceof HTMLInputElement) flushPending();
  });
}

function schedule(method, keystroke) {
  clearTimeout(state.debounce);
  state.debounce = 0;
  if (keystroke) {
    state.debounce = setTimeout(() => {
      state.debounce = 0;
      runView(method);
    }, DEBOUNCE_MS);
  } else {
    runView(method);
  }
}

export function inputsChanged() {
  const blocked = hasViolations();
  updateStepNav();
  for (const view of state.views.values()) {
    markOutdated(view); // a slow view's result: outdated while the inputs differ from its params
    updateNotice(view);
  }
  const view = state.views.get(state.activeView);
  if (!view) return;
  clearTimeout(state.debounce);
  state.debounce = 0;
  if (blocked) {
    cancelRun(view);
    view.waiting = isQuick(view.spec); // runs once the inputs are valid again (resumeBlockedView)
    return;
  }
  if (isQuick(view.spec)) schedule(view.spec.method, isKeystroke());
}

/**
 * The callback results for the newest params arrived (callback constraints: a min, a max, the options):
 * if they cleared the last violation, the active quick view that waited for valid inputs runs now with
 * them. Results of older params never resume it (their job ran before the last change), and a keystroke's
 * pending run stays debounced.
 */
export function resumeBlockedView() {
  const view = state.views.get(state.activeView);
  if (!view || !view.waiting || state.debounce || hasViolations() || !isQuick(view.spec)) return;
  if (state.form?.callbacks?.pending()) return; // the results for the newest params are still to come
  runView(view.spec.method);
}
