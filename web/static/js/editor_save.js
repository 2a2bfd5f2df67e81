// Saving the inputs as a new revision of the entity, and the save status beside the button.

import { api } from "./api.js";
import { toast } from "./dom.js";
import { applyUserViolations } from "./editor_inputs.js";
import { els, entityId, hasViolations, root, state } from "./editor_state.js";
import { clone } from "./params.js";

export function updateSaveStatus(kind = null, text = null) {
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

export async function save() {
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
