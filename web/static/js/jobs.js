// Run one job of an entity and follow it over Server-Sent Events: status, live progress and user
// messages while it runs, then its outcome. Used by views and buttons alike.

import { api } from "./api.js";

const parse = (event) => {
  try {
    return JSON.parse(event.data);
  } catch {
    return {};
  }
};

/** The editor session of an editor app (Storage scope "session"); empty for saved entities. */
const sessionId = () => document.getElementById("editor")?.dataset.sessionId || "";

/**
 * Follow an already started job over SSE. Handlers: onStatus(job), onProgress({message,
 * percentage}), onMessage({kind, message}). Returns {done: Promise<job>, cancel()}; `done` resolves
 * to the ended job ({status, result | error, messages, worker, liveMessages}) and never rejects.
 * After cancel() it resolves to null. `start` (optional) is a promise of the job id.
 */
export function followJob(start, handlers = {}) {
  let cancelled = false;
  let source = null;
  let finish;
  const done = new Promise((resolve) => { finish = resolve; });
  const end = (job) => {
    if (source) source.close();
    source = null;
    finish(cancelled ? null : job);
  };
  let liveMessages = 0;

  (async () => {
    let jobId;
    try {
      jobId = await start;
    } catch (err) {
      end({ status: "failed", error: { kind: "system", message: err.message, problems: err.body?.problems }, messages: [] });
      return;
    }
    if (cancelled) return end(null);
    handlers.onStarted?.(jobId);
    source = new EventSource(`/api/jobs/${encodeURIComponent(jobId)}/events`);
    source.addEventListener("status", (event) => !cancelled && handlers.onStatus?.(parse(event)));
    source.addEventListener("progress", (event) => !cancelled && handlers.onProgress?.(parse(event)));
    source.addEventListener("message", (event) => {
      if (cancelled) return;
      liveMessages += 1;
      handlers.onMessage?.(parse(event));
    });
    source.addEventListener("end", (event) => end({ ...parse(event), liveMessages }));
    source.addEventListener("gone", (event) => end({
      status: "failed",
      error: { kind: "system", message: parse(event).error || "The job no longer exists." },
      messages: [],
    }));
    source.addEventListener("error", () => {
      if (source && source.readyState === EventSource.CLOSED) {
        end({ status: "failed", error: { kind: "system", message: "Lost the connection to the server while the job was running." }, messages: [] });
      } else {
        handlers.onStatus?.({ status: "reconnecting" });
      }
    });
  })();

  return {
    done,
    cancel() {
      cancelled = true;
      if (source) source.close();
      source = null;
      finish(null);
    },
  };
}

/**
 * Start `method` with `params` and follow it (see followJob). An editor app's jobs name its
 * session, so Storage's "session" scope is this browser session.
 */
export function runJob(entityId, { method, params, body = {} }, handlers = {}) {
  const session = sessionId();
  const payload = { ...(session ? { session_id: session } : {}), ...body, method, params };
  const start = api("POST", `/api/entities/${entityId}/jobs`, payload).then((started) => started.job_id);
  return followJob(start, handlers);
}

/** A progress update as text: "message (42%)". */
export function progressText(data) {
  const pct = Number.isFinite(data?.percentage) ? ` (${Math.round(data.percentage)}%)` : "";
  return data?.message ? `${data.message}${pct}` : `${pct.trim()}`;
}
