// The dashboard: workers with their state and private disk, recent jobs; live over SSE.

import { api } from "./api.js";
import { clear, h, toast } from "./dom.js";
import { replayCommand } from "./replay_command.js";

const $ = (id) => document.getElementById(id);
let shownDisk = null;

function bytes(n) {
  if (n === null || n === undefined) return "–";
  const units = ["B", "kB", "MB", "GB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function seconds(from, to) {
  if (!from || !to) return "–";
  return `${((new Date(to) - new Date(from)) / 1000).toFixed(2)} s`;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : "–";
}

function workerRow(worker) {
  return h("tr", { dataset: { worker: worker.name, state: worker.state } },
    h("td", null, h("strong", null, worker.name), worker.pid ? h("span", { class: "muted" }, ` pid ${worker.pid}`) : null),
    h("td", null, h("span", { class: ["pill", `pill-${worker.alive ? worker.state : "dead"}`] },
      worker.alive ? worker.state : "not responding")),
    h("td", { class: "mono" }, worker.current_job || "–"),
    h("td", { class: "num" }, String(worker.successful_jobs ?? 0)),
    h("td", { class: "num" }, String(worker.failed_jobs ?? 0)),
    h("td", { class: "num" }, `${bytes(worker.disk_bytes)} · ${worker.disk_files ?? 0} files`),
    h("td", null, h("button", { class: "btn btn-small", type: "button", dataset: { showDisk: worker.name },
      on: { click: () => showDisk(worker.name) } }, "Disk")));
}

function jobRow(job) {
  const messages = (job.messages || []).map((m) => `${m.kind}: ${m.message}`);
  if (job.error) messages.unshift(`${job.error.kind}: ${job.error.message}`);
  return h("tr", { dataset: { jobId: job.id, status: job.status } },
    h("td", { class: "mono", title: job.id }, job.id.slice(0, 8)),
    h("td", { title: job.entity_type || "" },
      job.entity_id === null ? "–" : `${job.entity_name || job.entity_type || "entity"} (#${job.entity_id})`),
    h("td", { class: "mono" }, job.method || "–"),
    h("td", null, job.trigger || "–"),
    h("td", null, job.worker || "–"),
    h("td", null, h("span", { class: ["pill", `pill-${job.status}`] }, job.status || "?")),
    h("td", null, time(job.enqueued_at)),
    h("td", { class: "num" }, seconds(job.enqueued_at, job.started_at)),
    h("td", { class: "num" }, seconds(job.started_at, job.ended_at)),
    h("td", { class: "job-messages" }, messages.join("\n")),
    h("td", null, replayCommand(job.replay) || "–"));
}

function renderMemory(redis) {
  if (!redis) return;
  const limit = redis.max_bytes ? `of ${bytes(redis.max_bytes)} (${redis.policy})` : "(no maxmemory)";
  const shown = $("redis-memory");
  shown.textContent = `${bytes(redis.used_bytes)} ${limit}${redis.full ? " · full: writes are refused" : ""}`;
  shown.dataset.full = String(redis.full);
}

async function showMemoryByKind() {
  try {
    const memory = await api("GET", "/api/dashboard/memory");
    const rows = $("memory-rows");
    clear(rows);
    for (const kind of memory.kinds) {
      rows.appendChild(h("tr", { dataset: { kind: kind.kind } },
        h("td", null, kind.kind), h("td", { class: "num" }, String(kind.keys)), h("td", { class: "num" }, bytes(kind.bytes))));
    }
    $("memory-kinds").hidden = false;
    const note = $("memory-note");
    note.textContent = memory.exact
      ? `all ${memory.total_keys} keys`
      : `estimated from ${memory.sampled_keys} of ${memory.total_keys} keys`;
    note.hidden = false;
  } catch (err) {
    toast(`Cannot read Redis memory: ${err.message}`, "error");
  }
}

function render(state) {
  $("queue-length").textContent = String(state.queue_length);
  renderMemory(state.redis);
  const workers = $("worker-rows");
  clear(workers);
  for (const worker of state.workers) workers.appendChild(workerRow(worker));
  const jobs = $("job-rows");
  clear(jobs);
  for (const job of state.jobs) jobs.appendChild(jobRow(job));
  if (shownDisk) showDisk(shownDisk);
}

async function showDisk(name) {
  shownDisk = name;
  try {
    const disk = await api("GET", `/api/workers/${encodeURIComponent(name)}/disk`);
    // A listing not made in time says so, rather than showing an old or empty disk as the current one.
    $("disk-worker").textContent = disk.in_progress ? `${name} (listing in progress…)` : name;
    const rows = $("disk-rows");
    clear(rows);
    for (const file of disk.files) {
      rows.appendChild(h("tr", { dataset: { file: file.path } },
        h("td", { class: "mono" }, file.path), h("td", { class: "num" }, bytes(file.size))));
    }
    $("disk-card").hidden = false;
  } catch (err) {
    toast(`Cannot read the disk of ${name}: ${err.message}`, "error");
  }
}

function connect() {
  const live = $("live");
  const source = new EventSource("/api/dashboard/events");
  source.addEventListener("state", (event) => {
    live.textContent = "live";
    live.dataset.live = "true";
    render(JSON.parse(event.data));
  });
  source.addEventListener("error", () => {
    live.textContent = "reconnecting…";
    live.dataset.live = "false";
  });
}

$("memory-by-kind").addEventListener("click", showMemoryByKind);
connect();
