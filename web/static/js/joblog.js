// The editor's job log: this entity's finished jobs (newest first) with their user messages,
// opened from the top bar. Progress messages are not kept (as on the platform).

import { api } from "./api.js";
import { h } from "./dom.js";
import { replayCommand } from "./replay_command.js";

const STATUS_TEXT = { ok: "done", user: "stopped by the app", app: "app error", timeout: "timed out", system: "failed" };

function entryItem(entry) {
  const when = entry.started_at ? new Date(entry.started_at) : null;
  const status = STATUS_TEXT[entry.status] ? entry.status : "system";
  const messages = Array.isArray(entry.messages) ? entry.messages : [];
  return h("li", { class: "job-log-entry", dataset: { jobId: entry.job_id, status } },
    h("div", { class: "job-log-meta" },
      h("span", { class: "job-log-method" }, String(entry.method || "")),
      h("span", null, String(entry.trigger || "")),
      h("span", { class: `job-log-status-${status}` }, STATUS_TEXT[status]),
      h("span", null, when && !Number.isNaN(when.getTime()) ? when.toLocaleTimeString() : ""),
      h("span", null, Number.isFinite(entry.duration_s) ? `${entry.duration_s.toFixed(2)} s` : ""),
      h("span", { title: "Worker" }, String(entry.worker || ""))),
    entry.error ? h("div", { class: "job-log-error" }, String(entry.error)) : null,
    entry.replay ? h("div", { class: "job-log-replay" }, replayCommand(String(entry.replay))) : null,
    messages.length
      ? h("ul", { class: "job-log-messages" }, messages.map((m) => h("li", {
        class: `job-log-message-${["info", "warning", "success"].includes(m.kind) ? m.kind : "info"}`,
        dataset: { kind: m.kind },
      }, String(m.message ?? ""))))
      : null);
}

/** Add the "Job log" button to the top bar; the drawer reloads each time it opens. */
export function installJobLog(entityId) {
  const actions = document.querySelector(".topbar-actions");
  if (!actions) return;
  const button = h("button", { type: "button", id: "job-log-button", class: "btn", title: "Jobs of this entity and their messages" }, "Job log");
  actions.prepend(button);
  let drawer = null;
  const close = () => {
    drawer?.remove();
    drawer = null;
    button.setAttribute("aria-expanded", "false");
  };
  button.addEventListener("click", async () => {
    if (drawer) return close();
    const list = h("ol", { class: "job-log-list" }, h("li", { class: "job-log-entry muted" }, "Loading…"));
    const closeButton = h("button", { type: "button", class: "btn btn-small", "aria-label": "Close the job log" }, "Close");
    closeButton.addEventListener("click", close);
    drawer = h("aside", { class: "job-log", id: "job-log", "aria-label": "Job log" },
      h("div", { class: "job-log-head" }, h("h2", null, "Job log"), closeButton), list);
    document.body.appendChild(drawer);
    button.setAttribute("aria-expanded", "true");
    try {
      const body = await api("GET", `/api/entities/${entityId}/jobs`);
      const jobs = Array.isArray(body?.jobs) ? body.jobs : [];
      list.replaceChildren(...(jobs.length ? jobs.map(entryItem) : [h("li", { class: "job-log-entry muted" }, "No jobs yet.")]));
    } catch (err) {
      list.replaceChildren(h("li", { class: "job-log-entry" }, `Cannot load the job log: ${err.message}`));
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && drawer) close();
  });
}
