// The editor's job log: this entity's finished jobs (newest first) with their user messages,
// opened from the top bar. Progress messages are not kept (as on the platform).

import { api } from "./api.js";
import { h } from "./dom.js";
import { installDrawer } from "./drawer.js";
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
  installDrawer({
    id: "job-log",
    label: "Job log",
    tooltip: "Jobs of this entity and their messages",
    name: "job log",
    drawerClass: "job-log",
    listClass: "job-log-list",
    entryClass: "job-log-entry",
    fill: async (list) => {
      const body = await api("GET", `/api/entities/${entityId}/jobs`);
      const jobs = Array.isArray(body?.jobs) ? body.jobs : [];
      list.replaceChildren(...(jobs.length ? jobs.map(entryItem) : [h("li", { class: "job-log-entry muted" }, "No jobs yet.")]));
    },
  });
}
