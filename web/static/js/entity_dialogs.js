// Rename, move and delete an entity: small modal dialogs that say what will happen and show the
// server's message when it refuses. Each resolves to the result, or null when cancelled.

import { api } from "./api.js";
import { creatableTypes, typeLabel } from "./entity_model.js";
import { h } from "./dom.js";

/**
 * A modal with `body` and Cancel / confirm buttons. onConfirm() may throw: its message is shown
 * and the dialog stays open. Resolves to onConfirm's value, or null when cancelled.
 */
export function modal({ title, body = [], confirmLabel = "OK", danger = false, onConfirm, name = "dialog" }) {
  return new Promise((resolve) => {
    const error = h("p", { class: "form-error", role: "alert" });
    error.hidden = true;
    const confirm = h("button", { type: "submit", class: ["btn", danger ? "btn-danger" : "btn-primary"], dataset: { dialogConfirm: "" } }, confirmLabel);
    const cancel = h("button", { type: "button", class: "btn", dataset: { dialogCancel: "" } }, "Cancel");
    const form = h("form", { method: "dialog", class: "dialog-form" },
      h("h2", { class: "dialog-title" }, title), ...body, error,
      h("div", { class: "dialog-actions" }, cancel, confirm));
    const dialog = h("dialog", { class: "modal", dataset: { dialog: name } }, form);
    let settled = false;
    const close = (value) => {
      if (settled) return;
      settled = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    cancel.addEventListener("click", () => close(null));
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      close(null);
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      confirm.disabled = true;
      error.hidden = true;
      try {
        close(await onConfirm());
      } catch (err) {
        error.textContent = err.message;
        error.hidden = false;
        confirm.disabled = false;
      }
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    (form.querySelector("input, select") || confirm).focus();
  });
}

export function renameEntity(entity) {
  const input = h("input", { class: "input", type: "text", name: "name", maxlength: "200", required: true, props: { value: entity.name } });
  return modal({
    title: `Rename “${entity.name}”`,
    name: "rename",
    body: [h("label", { class: "dialog-field" }, h("span", null, "New name"), input)],
    confirmLabel: "Rename",
    onConfirm: () => {
      const name = input.value.trim();
      if (!name) throw new Error("Enter a name.");
      return api("PATCH", `/api/entities/${entity.id}`, { name });
    },
  });
}

/** Every entity of the app (each request one page of at most 1,000), for a dialog's choices. */
async function readAll(query) {
  const found = [];
  for (let offset = 0; offset !== null && offset !== undefined;) {
    const page = await api("GET", `/api/entities?${new URLSearchParams({ ...query, limit: "1000", offset: String(offset) })}`);
    found.push(...page.items);
    offset = page.next_offset;
  }
  return found;
}

/** Ids of the entities below `id` (its children, theirs, ...), read level by level. */
export async function idsBelow(id) {
  const below = [];
  for (let level = [id]; level.length;) {
    const next = [];
    for (const parent of level) next.push(...(await readAll({ parent_id: String(parent), sort: "id" })).map((e) => e.id));
    below.push(...next);
    level = next; // a tree: the server refuses a move under the entity's own descendants
  }
  return below;
}

/** Whether the app's types let the entity live elsewhere than where it is (a parent type, or the top level). */
export function mayMove(entity, manifest) {
  const parentTypes = (manifest?.entity_types || []).filter((t) => (t.children || []).includes(entity.entity_type));
  const topLevel = entity.parent_id !== null && creatableTypes(manifest, null).some((t) => t.name === entity.entity_type);
  return parentTypes.length > 0 || topLevel;
}

/** Parents the entity may move to: entities whose type lists its type (never itself or below it). */
export async function moveTargets(entity, manifest) {
  const parentTypes = (manifest?.entity_types || []).filter((t) => (t.children || []).includes(entity.entity_type));
  const candidates = (await Promise.all(parentTypes.map((t) => readAll({ entity_type: t.name, sort: "name" })))).flat();
  const below = new Set([entity.id, ...(candidates.length ? await idsBelow(entity.id) : [])]);
  const targets = candidates.filter((e) => !below.has(e.id) && e.id !== entity.parent_id);
  const topLevelAllowed = entity.parent_id !== null
    && creatableTypes(manifest, null).some((t) => t.name === entity.entity_type);
  return { targets, topLevelAllowed };
}

export async function moveEntity(entity, manifest) {
  const { targets, topLevelAllowed } = await moveTargets(entity, manifest);
  const select = h("select", { class: "input select", name: "parent" });
  if (topLevelAllowed) select.appendChild(h("option", { value: "" }, "Top level"));
  for (const target of targets) {
    select.appendChild(h("option", { value: String(target.id) }, `${target.name} (${typeLabel(manifest, target.entity_type)})`));
  }
  return modal({
    title: `Move “${entity.name}”`,
    name: "move",
    body: [h("label", { class: "dialog-field" }, h("span", null, "New parent"), select)],
    confirmLabel: "Move",
    onConfirm: () => api("PATCH", `/api/entities/${entity.id}`, { parent_id: select.value ? Number(select.value) : null }),
  });
}

export async function deleteEntity(entity) {
  const below = (await idsBelow(entity.id)).length;
  const what = below ? ` and the ${below} ${below === 1 ? "entity" : "entities"} below it` : "";
  return modal({
    title: `Delete “${entity.name}”?`,
    name: "delete",
    body: [h("p", null, `This deletes “${entity.name}”${what}, with every revision and stored file. It cannot be undone.`)],
    confirmLabel: "Delete",
    danger: true,
    onConfirm: () => api("DELETE", `/api/entities/${entity.id}`),
  });
}
