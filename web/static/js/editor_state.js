// The editor's shared state: its page elements, what it shows (state), and which inputs are invalid.

import { clear, h } from "./dom.js";

export const QUICK_MAX_SECONDS = 3;
export const DEBOUNCE_MS = 400;

export const $ = (id) => document.getElementById(id);
export const root = $("editor");
export const entityId = Number(root.dataset.entityId);
export const els = {
  status: $("editor-status"),
  pageBar: $("page-bar"),
  main: $("editor-main"),
  inputPanel: $("input-panel"),
  viewPanel: $("view-panel"),
  viewTabs: $("view-tabs"),
  viewBodies: $("view-bodies"),
  save: $("save"),
  saveStatus: $("save-status"),
  entityName: $("entity-name"),
  entityType: $("entity-type"),
};

export const state = {
  manifest: null,
  type: null, // the entity type's manifest entry
  schema: null,
  entity: null,
  params: {},
  revision: null,
  dirty: false, // the inputs differ from the last saved params (savedKey)
  savedKey: null, // canonical JSON of the last saved params (editor_save.js)
  changes: 0, // bumped on every edit
  saving: false,
  leaveSaving: false, // a save sent on leaving the page is under way (the page may stay: a hidden tab)
  holdAutosave: null, // "revision" (an old one is shown) or "conflict" (a newer one exists): no autosave
  lastSaveKind: null, // "auto" or "manual": how the shown revision was saved here
  fields: new Map(), // path -> field controller
  dynamics: [], // constraint entries of every rendered item (dynamic.js)
  form: null, // FormModel: lookups, the update cycle, callback jobs
  buttons: [], // form buttons (display items), blocked while inputs are invalid
  groups: [], // pages or steps: {node, panel, button}
  activeGroup: null,
  views: new Map(), // method -> view controller
  activeView: null,
  kept: new Map(), // method -> the last result of a slow view with its params (GET .../slow-views)
  restoreView: null, // the view that was open before a hot reload rebuilt the editor
  debounce: 0,
};

export const isQuick = (spec) => !(Number(spec.duration_guess) > QUICK_MAX_SECONDS);

// -- status / fatal errors -----------------------------------------------------------------------

export function showStatus(title, detail = "") {
  els.status.hidden = false;
  clear(els.status).append(
    h("div", { class: "spinner", "aria-hidden": "true" }),
    h("div", null, h("div", { class: "status-title" }, title), detail ? h("div", { class: "muted" }, detail) : null));
}

export function showFatal(node) {
  els.status.hidden = false;
  clear(els.status).append(node);
  els.main.hidden = true;
  els.pageBar.hidden = true;
}

// -- invalid inputs ------------------------------------------------------------------------------

export const visibleFields = () => [...state.fields.values()].filter((f) => f.visible);
export const invalidFields = () => visibleFields().filter((f) => f.constraint);
export const hasViolations = () => invalidFields().length > 0;
