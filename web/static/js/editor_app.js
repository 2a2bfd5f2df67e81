// The entity editor: input panel (parametrization) on the left, views on the right.
// This module builds it for the app's manifest (again after every hot reload) and starts it (editor.js
// loads it and watches that the start-up completes); the parts
// are editor_state (shared state), editor_inputs, editor_save, editor_groups (pages and steps),
// editor_views (the view area), editor_view_jobs (a view's job), editor_form and editor_entity.

import { api, waitForManifest } from "./api.js";
import { installButtons } from "./buttons.js";
import { appErrorBox, clear, h, installTooltips, toast } from "./dom.js";
import { scope } from "./dynamic.js";
import { installEntityChrome } from "./editor_entity.js";
import { FormModel } from "./editor_form.js";
import { buildInputPanel, enabledSteps, selectGroup, setInputWidth, updateStepNav } from "./editor_groups.js";
import { applyParams, applyUserViolations, fieldLabel, onFieldChange, replaceParams, resumeBlockedView, validateAll } from "./editor_inputs.js";
import { installSaving, markSaved, save, updateSaveStatus, wouldLoseChanges } from "./editor_save.js";
import { installSplit } from "./editor_split.js";
import { $, els, entityId, hasViolations, isQuick, root, showFatal, showStatus, state } from "./editor_state.js";
import { runView, showMessages } from "./editor_view_jobs.js";
import {
  buildViews, cancelRun, clearContent, drawOnMap, onViewTabKey, pickInView, selectOnMap, showViews, updateNotice,
} from "./editor_views.js";
import { installJobLog } from "./joblog.js";
import { followAppReloads } from "./live.js";
import { clone, deepMerge, getPath, setPath, staticOr } from "./params.js";

/**
 * Milliseconds a start-up read may go unanswered before it is sent again: a request the server or the
 * connection lost must not leave the editor at "Loading…" for good.
 */
const START_READ_MS = 15_000;

async function loadEntity() {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await api("GET", `/api/entities/${entityId}`, undefined, { timeoutMs: START_READ_MS });
    } catch (err) {
      if (err.status !== 0 || attempt >= 5) return entityFailed(err);
      showStatus("Loading…", `${err.message}; trying again`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function entityFailed(err) {
  showFatal(h("div", { class: "fatal", role: "alert" },
    h("h2", null, err.status === 404 ? "Entity not found" : "Cannot open this entity"),
    h("p", null, err.message),
    h("a", { href: "/", class: "btn" }, "Back to the entity list")));
  return null;
}

/** The kept last results of this entity's slow views (shown without running them). */
async function loadKeptResults() {
  try {
    const kept = await api("GET", `/api/entities/${entityId}/slow-views`, undefined, { timeoutMs: START_READ_MS });
    return new Map(Object.entries(kept.views || {}));
  } catch (err) {
    console.warn("cannot read the kept results of the slow views:", err.message);
    return new Map();
  }
}

// -- (re)building for the app's manifest ---------------------------------------------------------

/** Tear down what mountApp built, keeping the inputs' values (state.params) and the chrome. */
function unmountApp() {
  clearTimeout(state.debounce);
  state.debounce = 0;
  state.form?.callbacks?.dispose(); // results for the old parametrization must not arrive
  state.restoreView = state.activeView || state.restoreView;
  state.activeView = null;
  for (const view of state.views.values()) {
    cancelRun(view); // its job ran the old code; the new code runs the view again
    clearContent(view);
    view.tab.remove();
    view.body.remove();
  }
  state.views.clear();
  state.fields.clear();
  state.dynamics.length = 0;
  state.buttons.length = 0;
  state.groups = [];
  state.activeGroup = null;
  state.pageViews = undefined;
  clear(els.pageBar).hidden = true;
  $("children")?.remove(); // the entity chrome's children panel: put back by mountApp
}

/** In place of the editor until a hot reload brings the app (or this entity type) back. */
function showBroken(node) {
  for (const view of state.views.values()) cancelRun(view);
  showFatal(node);
}

/** Build the inputs and views of this entity's type in `manifest`; again after every hot reload. */
function mountApp(manifest) {
  state.manifest = manifest;
  if (manifest.error) {
    showBroken(appErrorBox(manifest.error));
    return;
  }
  const entity = state.entity;
  const type = (manifest.entity_types || []).find((t) => t.name === entity.entity_type);
  if (!type) {
    showBroken(h("div", { class: "fatal", role: "alert" },
      h("h2", null, "Unknown entity type"),
      h("p", null, `The app has no entity type ${JSON.stringify(entity.entity_type)}.`)));
    return;
  }
  const children = $("children");
  const firstMount = state.type === null;
  if (!firstMount) unmountApp();
  state.type = type;
  state.schema = type.parametrization || { kind: "parametrization", width: 40, layout: "fields", items: [] };
  state.form = new FormModel({
    schema: state.schema,
    entityId,
    fields: state.fields,
    dynamics: state.dynamics,
    getParams: () => state.params,
    onCallbackResults: () => {
      if (state.pageViews !== undefined) showViews(state.pageViews); // view visible callbacks
      validateAll();
      updateStepNav();
      for (const view of state.views.values()) updateNotice(view);
    },
    onCallbacksSettled: () => resumeBlockedView(), // a callback constraint may have cleared the violation
  });
  // The values in the inputs (unsaved ones too) stay; fields new to the app get their defaults.
  state.params = state.form.prune(deepMerge(type.default_params || {}, state.params || {}));

  document.title = `${els.entityName.textContent} · ${manifest.app || document.title}`; // renamed since, maybe
  els.entityType.textContent = type.label || type.name;
  els.entityType.hidden = false;

  const ctx = {
    fields: state.fields,
    dynamics: state.dynamics,
    buttons: state.buttons,
    scope: scope(),
    entity,
    entityType: type.name,
    get: (storage) => getPath(state.params, storage),
    init: (storage, value) => setPath(state.params, storage, value),
    change: onFieldChange,
    drawOnMap, // geo fields draw on a map view
    pickInView, // geometry select fields pick in a 3D view
    revalidate: () => {
      validateAll();
      updateStepNav();
    },
  };
  buildInputPanel(state.schema, ctx);
  if (children) els.inputPanel.querySelector(".input-scroll")?.prepend(children);
  buildViews(type);
  validateAll();
  clear(els.status).hidden = true; // a load error shown before is over
  els.main.hidden = false;
  root.dataset.layout = state.schema.layout || "fields";
  updateSaveStatus();

  if (state.groups.length) {
    const before = state.groups.find((g) => g.node.path === root.dataset.activeGroup);
    const first = state.schema.layout === "steps" ? enabledSteps()[0] : state.groups.find((g) => !g.button?.hidden);
    selectGroup(before || first || state.groups[0]);
  } else {
    setInputWidth(state.schema.width);
    showViews(null);
  }
  for (const view of state.views.values()) updateNotice(view);
  state.form.callbacks?.run();
  if (firstMount) installChrome(manifest, entity);
  root.dataset.ready = "true";
  root.dataset.manifestVersion = manifest.version || "";
}

/** What is built once, around the inputs and views: job log, buttons, the entity chrome. */
function installChrome(manifest, entity) {
  installJobLog(entityId);
  installButtons({
    entityId,
    selectOnMap,
    getParams: () => clone(state.params),
    hasViolations,
    applyParams,
    applyUserViolations,
    fieldLabel,
    showMessages,
  });
  installEntityChrome({
    manifest,
    entity,
    editor: {
      entityId,
      isDirty: () => state.dirty,
      isSaving: () => state.saving || state.leaveSaving,
      revision: () => state.revision,
      replaceParams,
      rerunView: () => { // the active quick view may read other entities through viktor.api_v1
        const view = state.views.get(state.activeView);
        if (view && isQuick(view.spec) && !hasViolations()) runView(view.spec.method);
      },
      setName: (name) => {
        els.entityName.textContent = name;
        document.title = `${name} · ${state.manifest?.app || document.title}`;
      },
    },
  });
}

let reloading = Promise.resolve();

/** A hot reload published another manifest: rebuild for it (one rebuild at a time, newest wins). */
function reloadApp() {
  reloading = reloading.then(async () => {
    let manifest;
    try {
      manifest = await api("GET", "/api/app");
    } catch {
      return; // no manifest right now (workers restarting): the next version's event comes
    }
    if (manifest.version && manifest.version === state.manifest?.version) return;
    mountApp(manifest);
    if (!manifest.error) toast("The app's code changed: reloaded.", "info");
  }).catch((err) => {
    console.error(err);
    toast(`Could not rebuild the editor for the new code: ${err.message}`, "error");
  });
}

/** Build the editor for this page's entity; resolves once it is shown (or a fatal error is). */
export async function start() {
  installTooltips();
  updateSaveStatus("loading", "");
  installSaving();
  els.viewTabs.addEventListener("keydown", onViewTabKey);
  installSplit(() => setInputWidth(staticOr(state.activeGroup?.node.width, state.schema?.width)));
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
      event.preventDefault();
      save();
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (wouldLoseChanges()) { // otherwise the autosave sends them on the way out (editor_save.js)
      event.preventDefault();
      event.returnValue = "";
    }
  });

  showStatus("Loading…");
  root.dataset.startStage = "reading the app and the entity";
  const entityPromise = loadEntity();
  const manifest = await waitForManifest((title, detail) => showStatus(title, detail), { timeoutMs: START_READ_MS });
  const entity = await entityPromise;
  if (!entity) return;
  root.dataset.startStage = "reading the kept results";
  state.kept = await loadKeptResults();
  root.dataset.startStage = "building the inputs and views";
  state.entity = entity;
  state.revision = entity.revision;
  state.params = entity.params || {};
  els.entityName.textContent = entity.name;
  mountApp(manifest);
  markSaved(entity.revision); // the params as loaded (defaults of new fields included) are the saved ones
  updateSaveStatus();
  followAppReloads(manifest.version, reloadApp);
}

