// The editor's revision history: every saved revision with its date and author, newest first.
// "Open" shows an old revision's params in the editor (unsaved); "Restore" saves them again as a
// new revision, so restoring never loses anything. Named revisions show their name; a run of
// autosaved revisions folds into one group ("5 autosaves"), so manual saves stand out.

import { api } from "./api.js";
import { h } from "./dom.js";
import { installDrawer } from "./drawer.js";
import { modal } from "./entity_dialogs.js";

function when(text) {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? String(text || "") : date.toLocaleString();
}

/**
 * The entries, newest first, with every run of two or more autosaved revisions (but the latest)
 * folded into one collapsed group that names how many it holds and when they were made.
 */
function grouped(entries, latest) {
  const out = [];
  let run = [];
  const flush = () => {
    if (run.length < 2) out.push(...run.map(([, el]) => el));
    else {
      const newest = run[0][0];
      const oldest = run[run.length - 1][0];
      out.push(h("li", { class: "history-group", dataset: { autosaveGroup: String(run.length) } },
        h("details", null,
          h("summary", null, `${run.length} autosaves`, h("span", { class: "muted" }, ` ${when(oldest.created_at)} – ${when(newest.created_at)}`)),
          h("ul", { class: "history-list" }, run.map(([, el]) => el)))));
    }
    run = [];
  };
  for (const [revision, el] of entries) {
    if ((revision.kind || "manual") === "auto" && revision.revision !== latest) run.push([revision, el]);
    else {
      flush();
      out.push(el);
    }
  }
  flush();
  return out;
}

/**
 * Add the "History" button to the top bar. onOpen(revisionDetail) shows an old revision;
 * onRestored(revisionNumber) follows a restore. currentRevision() says which one is the latest.
 */
export function installHistory({ entityId, currentRevision, onOpen, onRestored }) {
  let drawer = null;

  const restore = (revision) => modal({
    title: `Restore revision ${revision.revision}?`,
    name: "restore",
    body: [h("p", null, `Its params from ${when(revision.created_at)} are saved again as a new revision; the current one stays in the history.`)],
    confirmLabel: "Restore",
    onConfirm: () => api("POST", `/api/entities/${entityId}/revisions/${revision.revision}/restore`),
  });

  const item = (revision, latest) => {
    const open = h("button", { type: "button", class: "btn btn-small", dataset: { openRevision: revision.revision } }, "Open");
    const restoreButton = h("button", { type: "button", class: "btn btn-small", dataset: { restoreRevision: revision.revision } }, "Restore");
    open.addEventListener("click", async () => {
      try {
        onOpen(await api("GET", `/api/entities/${entityId}/revisions/${revision.revision}`));
        drawer.close();
      } catch (err) {
        open.textContent = `Cannot open: ${err.message}`;
      }
    });
    restoreButton.addEventListener("click", async () => {
      const saved = await restore(revision);
      if (saved) {
        drawer.close();
        onRestored(saved.revision);
      }
    });
    const kind = revision.kind || "manual";
    return h("li", { class: ["history-entry", latest ? "is-latest" : null, `is-${kind}`], dataset: { revision: revision.revision, kind } },
      h("div", { class: "history-meta" },
        h("strong", null, `Revision ${revision.revision}`),
        revision.label ? h("span", { class: "history-label", dataset: { label: revision.label } }, revision.label) : null,
        kind === "auto" ? h("span", { class: "badge badge-quiet" }, "autosaved") : null,
        kind === "restore" ? h("span", { class: "badge badge-quiet" }, "restored") : null,
        latest ? h("span", { class: "badge" }, "latest") : null),
      h("div", { class: "muted history-when" }, when(revision.created_at)),
      h("div", { class: "muted history-author", dataset: { author: revision.author } }, `by ${revision.author}`),
      latest ? null : h("div", { class: "history-actions" }, open, restoreButton));
  };

  drawer = installDrawer({
    id: "history",
    label: "History",
    tooltip: "Saved revisions of this entity",
    name: "history",
    drawerClass: "job-log history-drawer",
    listClass: "history-list",
    fill: async (list) => {
      const revisions = (await api("GET", `/api/entities/${entityId}/revisions`)).reverse();
      const latest = Math.max(...revisions.map((r) => r.revision), currentRevision() || 0);
      list.replaceChildren(...grouped(revisions.map((r) => [r, item(r, r.revision === latest)]), latest));
    },
  });
  return drawer;
}
