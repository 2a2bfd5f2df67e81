// The entity list: the app's top-level entities (with their summaries) and a form to create one;
// for a tree app also the whole tree in a side bar. Changes made elsewhere appear without a reload.

import { api, waitForManifest } from "./api.js";
import { appErrorBox, clear, h, installTooltips, toast } from "./dom.js";
import { creatableTypes, hiddenFromDashboard } from "./entity_model.js";
import { mountEntityPanel } from "./entity_panel.js";
import { followAppReloads, followEntityChanges } from "./live.js";
import { mountTree } from "./tree_nav.js";

const $ = (id) => document.getElementById(id);
const els = { status: $("app-status"), panel: $("entity-panel"), count: $("entity-count"), sidebar: $("tree-sidebar") };

let panel = null;
let tree = null;
let reloading = null;

async function reload() {
  if (reloading) return reloading; // one reload at a time; changes during it trigger the next
  reloading = (async () => {
    try {
      const entities = await api("GET", "/api/entities");
      const shown = panel.update(entities);
      tree?.update(entities);
      els.count.textContent = shown.length === 1 ? "1 entity" : `${shown.length} entities`;
    } catch (err) {
      toast(`Cannot list the entities: ${err.message}`, "error");
    }
  })();
  try {
    await reloading;
  } finally {
    reloading = null;
  }
}

let pending = 0;
function reloadSoon() {
  clearTimeout(pending);
  pending = setTimeout(reload, 100);
}

async function main() {
  installTooltips();
  const manifest = await waitForManifest((title, detail) => {
    els.status.hidden = false;
    clear(els.status).append(
      h("span", { class: "spinner", "aria-hidden": "true" }),
      h("span", null, h("strong", null, title), " ", h("span", { class: "muted" }, detail || "")));
  });
  els.status.hidden = true;
  followAppReloads(manifest.version, () => window.location.reload()); // a hot reload: other types, or the fix
  if (manifest.error) {
    els.status.hidden = false;
    clear(els.status).append(appErrorBox(manifest.error));
    els.status.classList.add("is-error");
    document.body.dataset.ready = "true";
    return;
  }
  if (manifest.app_type === "editor") {
    window.location.replace("/"); // the server opens a fresh session now that the app is loaded
    return;
  }
  const types = creatableTypes(manifest, null);
  panel = mountEntityPanel(els.panel, {
    manifest,
    parentId: null,
    types,
    showAs: "Table",
    formId: "create-entity",
    createLabel: "Create entity",
    namePlaceholder: "e.g. Beam 1",
    emptyText: types.length ? "No entities yet. Create the first one above." : "This app declares no entity types.",
    filter: (entity) => !hiddenFromDashboard(manifest, entity),
    onChanged: reload,
  });
  if (manifest.app_type === "tree") {
    els.sidebar.hidden = false;
    tree = mountTree(els.sidebar, { manifest });
  }
  followEntityChanges(reloadSoon, reloadSoon);
  await reload();
  document.body.dataset.ready = "true";
}

main();
