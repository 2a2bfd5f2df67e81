// A view's job: running (and stopping) the view's method, its status and messages while it runs,
// and showing its result or error when it ends.

import { api } from "./api.js";
import { h, toast } from "./dom.js";
import { applyUserViolations, fieldLabel } from "./editor_inputs.js";
import { entityId, hasViolations, isQuick, state } from "./editor_state.js";
import { cancelRun, clearContent, closeStream, markOutdated, setViewState, showAge, updateNotice } from "./editor_views.js";
import { progressText, runJob } from "./jobs.js";
import { clone } from "./params.js";
import { mountResult, renderJobError } from "./results.js";

export const STATUS_TEXT = {
  queued: "Waiting for a worker…",
  started: "Running…",
  deferred: "Waiting…",
  scheduled: "Waiting…",
  reconnecting: "Reconnecting…",
};

/** Stop the view's running job on its worker; its end (status "stopped") arrives over SSE as usual. */
export async function stopView(view) {
  if (!view.jobId) return;
  view.overlayText.textContent = "Stopping…";
  try {
    await api("POST", `/api/jobs/${encodeURIComponent(view.jobId)}/stop`);
  } catch (err) {
    toast(`Could not stop the job: ${err.message}`, "error");
  }
}

/** Run a view's method; a newer run of the same view supersedes this one (seq), here and on the server. */
export async function runView(method) {
  const view = state.views.get(method);
  if (!view) return;
  clearTimeout(state.debounce);
  state.debounce = 0;
  if (hasViolations()) {
    cancelRun(view);
    view.waiting = isQuick(view.spec);
    updateNotice(view);
    return;
  }
  view.waiting = false;
  const seq = ++view.seq;
  closeStream(view);
  view.outdated = false;
  updateNotice(view);
  view.overlayText.textContent = "Starting…";
  setViewState(view, "loading");
  const stale = () => seq !== view.seq;
  const shown = [];
  view.jobId = null;
  const params = clone(state.params);
  const job = runJob(entityId, { method, params }, {
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
  if (!(await constraintsHold(view, stale))) return;
  await finishJob(view, seq, { ...ended, messages: unseen(ended.messages, shown) });
  if (stale() || ended.status !== "finished") return;
  view.resultParams = params;
  if (!isQuick(view.spec)) { // the worker kept it too (viktorlite.store.slow_views)
    view.computedAt = new Date().toISOString();
    state.kept?.set(method, { params, result: ended.result, worker: ended.worker, computed_at: view.computedAt });
    delete view.body.dataset.kept;
    showAge(view);
    markOutdated(view);
    updateNotice(view);
  }
}

/**
 * Whether the ended run may be shown: a callback job for newer params (a max, the options) may still
 * reject the params it ran with. It waits for those results (the view ran meanwhile, so a committed change
 * costs the longer of the two jobs, not their sum); if they mark an input invalid, the result is dropped
 * and the view waits for valid inputs (resumeBlockedView), as if the change had been blocked at once.
 */
async function constraintsHold(view, stale) {
  const callbacks = state.form?.callbacks;
  if (!callbacks?.pending()) return true;
  view.overlayText.textContent = "Checking the inputs…";
  await callbacks.settled();
  if (stale()) return false;
  if (!hasViolations()) return true;
  cancelRun(view);
  view.waiting = isQuick(view.spec);
  updateNotice(view);
  return false;
}

/** The messages of an ended job that were not already shown live. */
export function unseen(messages, shown) {
  const seen = new Map();
  for (const m of shown) seen.set(`${m.kind}|${m.message}`, (seen.get(`${m.kind}|${m.message}`) || 0) + 1);
  return (messages || []).filter((m) => {
    const key = `${m?.kind}|${m?.message}`;
    if (!seen.get(key)) return true;
    seen.set(key, seen.get(key) - 1);
    return false;
  });
}

export function showMessages(messages) {
  for (const m of messages || []) {
    if (!m) continue;
    const text = typeof m === "string" ? m : (m.message ?? m.text ?? "");
    const kind = typeof m === "object" ? (m.type || m.level || m.kind || "info") : "info";
    if (kind === "progress") continue; // progress is shown live in the spinner overlay
    if (text) toast(String(text), ["info", "success", "warning", "error"].includes(kind) ? kind : "info");
  }
}

export async function finishJob(view, seq, job) {
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
