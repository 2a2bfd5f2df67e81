// Start a parametrization job (callbacks, a step's on_next) and wait for its outcome over SSE.

import { api } from "./api.js";

const parse = (event) => {
  try {
    return JSON.parse(event.data);
  } catch {
    return {};
  }
};

/**
 * POST `body` to `url` (a route answering 202 {job_id}) and resolve with the ended job
 * ({status, result | error, messages}); never rejects: failures come back as a failed job.
 */
export async function startAndWait(url, body) {
  let jobId;
  try {
    jobId = (await api("POST", url, body)).job_id;
  } catch (err) {
    return { status: "failed", error: { kind: err.status === 422 ? "user" : "system", message: err.message, problems: err.body?.problems }, messages: [] };
  }
  return new Promise((resolve) => {
    const source = new EventSource(`/api/jobs/${encodeURIComponent(jobId)}/events`);
    const end = (job) => {
      source.close();
      resolve(job);
    };
    source.addEventListener("end", (event) => end(parse(event)));
    source.addEventListener("gone", (event) => end({ status: "failed", error: { kind: "system", message: parse(event).error || "The job no longer exists." } }));
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        end({ status: "failed", error: { kind: "system", message: "Lost the connection to the server." } });
      }
    });
  });
}
