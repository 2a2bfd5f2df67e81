// The entity list: every entity of the app, and a form to create one.

import { api, waitForManifest } from "./api.js";
import { appErrorBox, clear, h, installTooltips, toast } from "./dom.js";

const $ = (id) => document.getElementById(id);
const els = {
  status: $("app-status"),
  list: $("entity-list"),
  rows: $("entity-rows"),
  empty: $("entity-empty"),
  count: $("entity-count"),
  form: $("create-entity"),
  typeField: $("entity-type-field"),
  typeSelect: $("entity-type-select"),
  formError: $("create-error"),
};

let manifest = null;
let entities = [];

function typeLabel(name) {
  const type = manifest?.entity_types?.find((t) => t.name === name);
  return type ? (type.label || type.name) : name;
}

function entityRow(entity) {
  const href = `/entities/${encodeURIComponent(entity.id)}`;
  const row = h("tr", { class: "entity-row", dataset: { entityId: entity.id, href } },
    h("td", { class: "entity-name-cell" }, h("span", { class: "entity-cell-inner" },
      h("span", { class: "entity-icon", "aria-hidden": "true" }),
      h("a", { href, class: "entity-link" }, entity.name))),
    h("td", { class: "muted" }, typeLabel(entity.entity_type)),
    h("td", { class: "muted num" }, `#${entity.id}`));
  return row;
}

function renderList() {
  clear(els.rows);
  for (const entity of entities) els.rows.appendChild(entityRow(entity));
  els.empty.hidden = entities.length > 0;
  els.list.hidden = entities.length === 0;
  els.count.textContent = entities.length === 1 ? "1 entity" : `${entities.length} entities`;
}

async function loadEntities() {
  try {
    entities = await api("GET", "/api/entities");
    renderList();
  } catch (err) {
    toast(`Cannot list the entities: ${err.message}`, "error");
  }
}

function setupForm() {
  const types = manifest.entity_types || [];
  clear(els.typeSelect);
  for (const type of types) els.typeSelect.appendChild(h("option", { value: type.name }, type.label || type.name));
  els.typeField.hidden = types.length <= 1;
  els.form.querySelector("button[type=submit]").disabled = types.length === 0;
  if (!types.length) {
    els.formError.textContent = "This app declares no entity types.";
    els.formError.hidden = false;
  }
}

async function onCreate(event) {
  event.preventDefault();
  const form = els.form;
  const nameInput = form.elements.namedItem("name");
  const name = nameInput.value.trim();
  els.formError.hidden = true;
  if (!name) {
    els.formError.textContent = "Enter a name for the new entity.";
    els.formError.hidden = false;
    nameInput.focus();
    return;
  }
  const entityType = els.typeSelect.value || manifest?.entity_types?.[0]?.name;
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const entity = await api("POST", "/api/entities", { entity_type: entityType, name });
    entities.push(entity);
    renderList();
    nameInput.value = "";
    const row = els.rows.querySelector(`[data-entity-id="${CSS.escape(String(entity.id))}"]`);
    if (row) {
      row.classList.add("is-new");
      row.scrollIntoView({ block: "nearest" });
    }
    toast(`Created “${entity.name}”`, "success");
  } catch (err) {
    els.formError.textContent = err.message;
    els.formError.hidden = false;
  } finally {
    button.disabled = false;
  }
}

async function main() {
  installTooltips();
  els.form.addEventListener("submit", onCreate);
  els.rows.addEventListener("click", (event) => {
    if (event.target.closest("a")) return; // the link navigates by itself
    const row = event.target.closest("tr[data-entity-id]");
    if (row) window.location.href = row.dataset.href;
  });
  const entitiesLoaded = loadEntities();
  manifest = await waitForManifest((title, detail) => {
    els.status.hidden = false;
    clear(els.status).append(
      h("span", { class: "spinner", "aria-hidden": "true" }),
      h("span", null, h("strong", null, title), " ", h("span", { class: "muted" }, detail || "")));
  });
  els.status.hidden = true;
  if (manifest.error) {
    els.status.hidden = false;
    clear(els.status).append(appErrorBox(manifest.error));
    els.status.classList.add("is-error");
  }
  setupForm();
  await entitiesLoaded;
  renderList(); // type labels are known now
  document.body.dataset.ready = "true";
}

main();
