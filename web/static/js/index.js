// The entity list: the app's top-level entities (with their summaries, a page at a time) and a form to
// create one; for a tree app also the tree in a side bar. Changes made elsewhere appear without a reload.

import { waitForManifest } from "./api.js";
import { appErrorBox, clear, h, installTooltips, toast } from "./dom.js";
import { creatableTypes, hiddenFromDashboard } from "./entity_model.js";
import { mountEntityPanel } from "./entity_panel.js";
import { followAppReloads, followEntityChanges } from "./live.js";
import { mountTree } from "./tree_nav.js";

const $ = (id) => document.getElementById(id);
const els = { status: $("app-status"), panel: $("entity-panel"), count: $("entity-count"), sidebar: $("tree-sidebar") };

let panel = null;
let tree = null;

/** Entities changed somewhere: the list and the tree re-read what they show (a page each). */
function reload() {
  panel.reload().catch((err) => toast(`Cannot list the entities: ${err.message}`, "error"));
  tree?.update();
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
    onCount: (total) => { els.count.textContent = total === 1 ? "1 entity" : `${total} entities`; },
    onChanged: () => tree?.update(),
  });
  if (manifest.app_type === "tree") {
    els.sidebar.hidden = false;
    tree = mountTree(els.sidebar, { manifest });
    tree.update();
  }
  followEntityChanges(reloadSoon, reloadSoon);
  try {
    await panel.reload();
  } catch (err) {
    toast(`Cannot list the entities: ${err.message}`, "error");
  }
  document.body.dataset.ready = "true";
}

main();
