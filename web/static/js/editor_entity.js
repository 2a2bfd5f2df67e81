// Everything around the editor's form and views that is about the entity itself: the tree side
// bar, the breadcrumb of ancestors, the children panel, rename / move / delete, the revision
// history, and following changes made elsewhere (other tabs, jobs through viktor.api_v1).
// An editor app's session shows none of it: it is private and never saved.

import { api } from "./api.js";
import { clear, h, toast } from "./dom.js";
import { deleteEntity, mayMove, moveEntity, renameEntity } from "./entity_dialogs.js";
import { creatableTypes, typeOf } from "./entity_model.js";
import { mountEntityPanel } from "./entity_panel.js";
import { installHistory } from "./history.js";
import { followEntityChanges } from "./live.js";
import { ancestorCrumbs, mountTree } from "./tree_nav.js";

const $ = (id) => document.getElementById(id);

function showNotice(text, actions = [], kind = "info") {
  const notice = $("entity-notice");
  clear(notice).append(h("span", { class: "notice-text" }, text), ...actions);
  notice.dataset.notice = kind;
  notice.hidden = false;
}

function hideNotice() {
  const notice = $("entity-notice");
  notice.hidden = true;
  delete notice.dataset.notice;
}

const noticeButton = (label, onClick, data) => {
  const button = h("button", { type: "button", class: "btn btn-small", dataset: data }, label);
  button.addEventListener("click", onClick);
  return button;
};

/** Hide what an editor app's session has no use for: saving, history, the entity list. */
function sessionMode() {
  for (const id of ["save", "save-named", "save-status", "back-to-list"]) $(id).hidden = true;
  $("back-to-list").nextElementSibling.hidden = true; // its separator
  document.body.dataset.session = "true";
}

/**
 * Wire the entity chrome. editor: {entityId, isDirty(), isSaving(), revision(), replaceParams(params,
 * {revision, dirty}), setName(name), rerunView()}; manifest and entity as loaded by the editor.
 */
export function installEntityChrome({ manifest, entity, editor }) {
  if ($("editor").dataset.sessionId) {
    sessionMode();
    return;
  }
  const type = typeOf(manifest, entity.entity_type) || {};
  let current = entity;
  let localWrites = 0; // restores from this page: their "saved" events are expected
  let deleted = false;

  const tree = manifest.app_type === "tree" ? mountTree($("tree-sidebar"), { manifest, currentId: entity.id }) : null;
  if (tree) $("tree-sidebar").hidden = false;

  let children = null;
  const childTypes = creatableTypes(manifest, entity.entity_type);
  if (childTypes.length) {
    const body = h("div", { class: "entity-panel", dataset: { childrenOf: entity.id } });
    const summary = h("summary", null, "Children");
    const section = h("details", { id: "children", class: "children-panel", open: true, dataset: { childrenPanel: entity.id } }, summary, body);
    $("input-panel").querySelector(".input-scroll")?.prepend(section);
    children = {
      summary,
      panel: mountEntityPanel(body, {
        manifest,
        parentId: entity.id,
        types: childTypes,
        showAs: type.show_children_as === "Cards" ? "Cards" : "Table",
        createLabel: "Add",
        emptyText: "No children yet.",
        onCount: (total) => { summary.textContent = `Children (${total})`; },
        onChanged: () => reload(),
      }),
    };
  }

  const menu = $("entity-menu");
  const menuButton = (action, label) => h("button", { type: "button", class: "menu-item", role: "menuitem", dataset: { entityMenu: action } }, label);
  const moveButton = menuButton("move", "Move…");
  const fileLink = entity.file_id
    ? h("a", { class: "menu-item", role: "menuitem", href: `/api/blobs/${encodeURIComponent(entity.file_id)}?download=1`, dataset: { entityFile: "" } }, "Download the original file")
    : null;
  const dropdown = h("details", { class: "menu" },
    h("summary", { class: "btn btn-small", title: "Rename, move or delete this entity", dataset: { entityMenuOpen: "" } }, "Entity ▾"),
    h("div", { class: "menu-list", role: "menu" },
      [fileLink, menuButton("rename", "Rename…"), moveButton, menuButton("delete", "Delete…")].filter(Boolean)));
  menu.append(dropdown);
  menu.hidden = false;
  document.addEventListener("click", (event) => {
    if (!dropdown.contains(event.target)) dropdown.open = false;
  });
  menu.addEventListener("click", async (event) => {
    const action = event.target.closest("[data-entity-menu]")?.dataset.entityMenu;
    if (!action || deleted) return;
    dropdown.open = false;
    if (action === "rename") {
      const renamed = await renameEntity(current);
      if (renamed) applyRecord(renamed);
    } else if (action === "move") {
      if (await moveEntity(current, manifest)) reload();
    } else if (action === "delete") {
      const parentId = current.parent_id;
      if (await deleteEntity(current)) {
        deleted = true;
        window.location.href = parentId !== null && parentId !== undefined ? `/entities/${parentId}` : "/?list";
      }
    }
  });

  function applyRecord(record) {
    current = { ...current, ...record };
    editor.setName(current.name);
  }

  async function loadLatest(message) {
    const latest = await api("GET", `/api/entities/${entity.id}`);
    editor.replaceParams(latest.params, { revision: latest.revision, dirty: false });
    hideNotice();
    if (message) toast(message, "info");
  }

  /** The entity's ancestors, top level first (one read each: a tree is shallow). */
  async function ancestorsOf(record) {
    const chain = [];
    for (let at = record.parent_id; at !== null && at !== undefined && !chain.some((a) => a.id === at);) {
      const parent = await api("GET", `/api/entities/${at}`);
      chain.unshift(parent);
      at = parent.parent_id;
    }
    return chain;
  }

  let treeOpened = false;
  let ancestorIds = new Set();

  /**
   * Entities changed somewhere: the tree and the children re-read what they show (a page each); this
   * entity's record and its ancestors (the breadcrumb) only when `record` (the change was one of them).
   */
  async function reload({ record = true } = {}) {
    children?.panel.reload().catch((err) => toast(`Cannot list the children: ${err.message}`, "error"));
    tree?.update();
    if (!record) return;
    let ancestors;
    try {
      const me = await api("GET", `/api/entities/${entity.id}`);
      applyRecord({ name: me.name, parent_id: me.parent_id ?? null });
      ancestors = await ancestorsOf(current);
    } catch (err) {
      if (err.status !== 404) toast(`Cannot read the entity: ${err.message}`, "error");
      return;
    }
    ancestorIds = new Set(ancestors.map((a) => a.id));
    clear($("entity-ancestors")).append(...ancestorCrumbs(ancestors));
    if (tree && !treeOpened) {
      treeOpened = true;
      tree.open([...ancestors.map((a) => a.id), entity.id]);
    }
    moveButton.hidden = !mayMove(current, manifest);
  }

  let pending = 0;
  let withRecord = false;
  const reloadSoon = (record = true) => {
    withRecord = withRecord || record;
    clearTimeout(pending);
    pending = setTimeout(() => {
      const again = withRecord;
      withRecord = false;
      reload({ record: again });
    }, 100);
  };

  let rerun = 0;
  function onChange(event) {
    const ids = [event.entity_id, ...(event.ids || [])];
    reloadSoon(ids.some((id) => id === entity.id || ancestorIds.has(id)));
    if (event.parent_id === entity.id && event.change !== "summary") { // a child changed: views may show it
      clearTimeout(rerun);
      rerun = setTimeout(editor.rerunView, 150);
    }
    const mine = event.entity_id === entity.id || (event.ids || []).includes(entity.id);
    if (!mine) return;
    if (event.change === "deleted") {
      deleted = true;
      showNotice("This entity was deleted elsewhere; nothing here can be saved any more.", [], "deleted");
      $("save").disabled = true;
      return;
    }
    if (event.change !== "saved" || editor.isSaving() || localWrites > 0) return;
    if (!(event.revision > (editor.revision() || 0))) return;
    const by = event.author ? ` by ${event.author}` : "";
    if (!editor.isDirty()) {
      loadLatest(`Loaded revision ${event.revision}, saved${by} elsewhere.`);
      return;
    }
    showNotice(`Revision ${event.revision} was saved${by} elsewhere while you have unsaved changes.`, [
      noticeButton("Load it (drop my changes)", () => loadLatest(), { noticeLoad: "" }),
      noticeButton("Keep mine", hideNotice, { noticeKeep: "" }),
    ], "conflict");
  }

  installHistory({
    entityId: entity.id,
    currentRevision: editor.revision,
    onOpen: (old) => {
      editor.replaceParams(old.params, { dirty: true });
      const when = new Date(old.created_at).toLocaleString();
      showNotice(`Showing revision ${old.revision} (${when}, by ${old.author}); it is not saved.`, [
        noticeButton("Restore it", async () => {
          localWrites += 1;
          try {
            const saved = await api("POST", `/api/entities/${entity.id}/revisions/${old.revision}/restore`);
            await loadLatest(`Restored revision ${old.revision} as revision ${saved.revision}.`);
          } catch (err) {
            toast(`Restore failed: ${err.message}`, "error");
          } finally {
            localWrites -= 1;
          }
        }, { noticeRestore: old.revision }),
        noticeButton("Back to the latest", () => loadLatest(), { noticeLatest: "" }),
      ], "revision");
    },
    onRestored: async (revision) => {
      localWrites += 1;
      try {
        await loadLatest(`Restored as revision ${revision}.`);
      } finally {
        localWrites -= 1;
      }
    },
  });

  followEntityChanges(onChange, () => reloadSoon(true));
  reload();
}
