// A list of entities under one parent (the app's entity list, or an entity's children) with a form
// to create one, as a table or as cards (Controller.show_children_as), read a page at a time with a name
// filter. Rows show each type's summary, when the entity was last saved and by whom; a click on a column
// header sorts by it (again: the other way). Rename, move and delete act in place. Row click opens the
// entity's editor.

import { clear, h, toast } from "./dom.js";
import { deleteEntity, mayMove, moveEntity, renameEntity } from "./entity_dialogs.js";
import { createEntity, summaryText, typeLabel, typeOf } from "./entity_model.js";
import { EntityPages, moreButton, PAGE_SIZE } from "./entity_pages.js";
import { uploadProgressBar } from "./upload.js";

const editorHref = (entity) => `/entities/${encodeURIComponent(entity.id)}`;

/** "4 Dec 2026, 09:12" in the user's locale and time zone; the ISO time in full as the tooltip. */
export function savedText(iso) {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleString(undefined, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Compare two sort keys: numbers as numbers, text by the locale (numbers in text too), empty ones last. */
function compareKeys(a, b) {
  const emptyA = a === null || a === undefined || a === "";
  const emptyB = b === null || b === undefined || b === "";
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}

/** Summary columns of the shown types, in declaration order: [{key, label, type}]. */
function summaryColumns(types) {
  return types.flatMap((t) => (t.summary || []).map((item) => ({ key: item.key, label: item.label, type: t.name })));
}

function summaryCell(entity, column) {
  if (entity.entity_type !== column.type) return h("td", { class: "muted" });
  const item = entity.summary?.[column.key];
  return h("td", {
    class: ["summary-cell", typeof item?.value === "number" ? "num" : null],
    title: item?.error || null,
    dataset: { summaryKey: column.key },
  }, summaryText(item));
}

function actionButtons(entity, canMove) {
  const button = (action, icon, title) => h("button", {
    type: "button", class: "btn btn-small btn-quiet btn-icon", title, "aria-label": title, dataset: { entityAction: action },
  }, h("span", { "aria-hidden": "true" }, icon));
  return h("span", { class: "entity-actions" },
    button("rename", "✎", `Rename ${entity.name}`),
    canMove ? button("move", "⇄", `Move ${entity.name} to another parent`) : null,
    button("delete", "✕", `Delete ${entity.name} and everything below it`));
}

function createForm(opts, types) {
  const select = h("select", { class: "input select", name: "entity_type", "aria-label": "Entity type" },
    types.map((t) => h("option", { value: t.name }, t.label || t.name)));
  const name = h("input", { class: "input", type: "text", name: "name", maxlength: "200", placeholder: opts.namePlaceholder || "Name" });
  const file = h("input", { class: "input", type: "file", name: "file" });
  const fileField = h("label", { class: "create-field create-file" }, h("span", null, "File"), file);
  const submit = h("button", { type: "submit", class: "btn btn-primary" }, h("span", { "aria-hidden": "true" }, "+"), ` ${opts.createLabel || "Create"}`);
  const error = h("p", { class: "form-error", role: "alert" });
  error.hidden = true;
  const progress = uploadProgressBar();
  progress.setAttribute("aria-label", "Upload progress");
  const typeField = h("label", { class: "create-field" }, h("span", null, "Type"), select);
  typeField.hidden = types.length <= 1;
  const form = h("form", { class: "create-form", id: opts.formId || null, autocomplete: "off", novalidate: true, dataset: { createForm: "" } },
    typeField, h("label", { class: "create-field create-name" }, h("span", null, "Name"), name), fileField, submit, progress, error);
  const sync = () => {
    const fileType = typeOf(opts.manifest, select.value)?.file_type;
    fileField.hidden = !fileType;
    file.accept = (fileType?.file_types || []).join(",");
    name.placeholder = fileType ? "Name (default: the file's name)" : (opts.namePlaceholder || "Name");
  };
  select.addEventListener("change", sync);
  sync();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const entityType = select.value;
    const fileType = typeOf(opts.manifest, entityType)?.file_type;
    if (!fileType && !name.value.trim()) {
      error.textContent = "Enter a name for the new entity.";
      error.hidden = false;
      name.focus();
      return;
    }
    submit.disabled = true;
    form.dataset.busy = "true";
    try {
      const entity = await createEntity(opts.manifest, {
        entityType,
        name: name.value.trim(),
        parentId: opts.parentId ?? null,
        file: file.files?.[0] || null,
        onStatus: (text) => { error.textContent = text; error.hidden = false; error.dataset.kind = "status"; },
        onProgress: (sent, total) => {
          if (progress.hidden) progress.showFor(total);
          progress.update(sent);
        },
      });
      error.hidden = true;
      name.value = "";
      file.value = "";
      toast(`Created “${entity.name}”`, "success");
      opts.onChanged?.({ action: "create", entity });
    } catch (err) {
      error.textContent = err.message;
      error.dataset.kind = "error";
      error.hidden = false;
    } finally {
      progress.hide();
      submit.disabled = false;
      delete form.dataset.busy;
    }
  });
  return form;
}

/**
 * Mount the panel in `root`. opts: manifest, parentId (null: top level), types (creatable types),
 * showAs ("Table" | "Cards"), formId, emptyText, filter(entity) (which loaded entities to show),
 * onCount(total), onChanged({action: "create"|"rename"|"move"|"delete", entity, result}). The entities
 * come a page at a time from the server (entity_pages.js), which sorts by name and id and filters by
 * name; other columns sort in the browser once the whole list is loaded. Returns {reload(), pages}:
 * call reload() when entities changed anywhere.
 */
export function mountEntityPanel(root, opts) {
  const changed = (info) => {
    pages.reload().catch((err) => toast(`Cannot list the entities: ${err.message}`, "error"));
    opts.onChanged?.(info);
  };
  const form = opts.types.length ? createForm({ ...opts, onChanged: changed }, opts.types) : null;
  const list = h("div", { class: "entity-panel-list" });
  const empty = h("p", { class: "empty-state", dataset: { emptyState: "" } }, opts.emptyText || "Nothing here yet.");
  const search = h("input", {
    class: "input entity-filter", type: "search", placeholder: "Filter by name", "aria-label": "Filter by name",
    dataset: { entityFilter: "" },
  });
  const pages = new EntityPages({ parentId: opts.parentId ?? null, onChange: () => draw() });
  const more = moreButton(pages);
  clear(root).append(...[form, search, list, more.button, empty].filter(Boolean));
  root.dataset.entityPanel = opts.showAs === "Cards" ? "cards" : "table";
  let sort = { key: null, descending: false }; // null: the server's order (creation)
  let typing = 0;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => pages.setQuery(search.value.trim()), 250);
  });

  const act = async (action, entity) => {
    let done = null;
    if (action === "rename") done = await renameEntity(entity);
    else if (action === "move") done = await moveEntity(entity, opts.manifest);
    else if (action === "delete") done = await deleteEntity(entity);
    if (done) changed({ action, entity, result: done });
  };

  const serverSort = (key) => (key === "name" ? "name" : key === "id" ? "id" : null);

  list.addEventListener("click", (event) => {
    const header = event.target.closest("[data-sort-key]");
    if (header) {
      const key = header.dataset.sortKey;
      if (!serverSort(key) && !pages.complete) return; // needs every row: load them, or filter first
      sort = { key, descending: sort.key === key ? !sort.descending : false };
      if (serverSort(key)) {
        pages.setSort(`${sort.descending ? "-" : ""}${serverSort(key)}`);
      } else {
        draw();
      }
      list.querySelector(`[data-sort-key="${CSS.escape(key)}"] button`)?.focus();
      return;
    }
    const button = event.target.closest("[data-entity-action]");
    const item = event.target.closest("[data-entity-id]");
    if (!item) return;
    const entity = pages.items.find((e) => String(e.id) === item.dataset.entityId);
    if (!entity) return;
    if (button) {
      event.preventDefault();
      act(button.dataset.entityAction, entity);
      return;
    }
    if (!event.target.closest("a")) window.location.href = editorHref(entity);
  });

  const row = (entity, columns, withType) => h("tr", { class: "entity-row", dataset: { entityId: entity.id, href: editorHref(entity) } },
    h("td", { class: "entity-name-cell" }, h("span", { class: "entity-cell-inner" },
      h("span", { class: ["entity-icon", entity.file_id ? "is-file" : null], "aria-hidden": "true" }),
      h("a", { href: editorHref(entity), class: "entity-link" }, entity.name),
      h("span", { class: "spacer" }),
      actionButtons(entity, canMove(entity)))),
    withType ? h("td", { class: "muted" }, typeLabel(opts.manifest, entity.entity_type)) : null,
    columns.map((c) => summaryCell(entity, c)),
    h("td", { class: "muted saved-cell", title: entity.updated_at || null, dataset: { savedAt: entity.updated_at || "" } }, savedText(entity.updated_at)),
    h("td", { class: "muted author-cell" }, entity.author || "–"),
    h("td", { class: "muted num id-cell" }, `#${entity.id}`));

  const card = (entity) => {
    const type = typeOf(opts.manifest, entity.entity_type);
    const items = (type?.summary || []).map((item) => h("div", { class: "card-summary-item", dataset: { summaryKey: item.key } },
      h("dt", null, item.label), h("dd", null, summaryText(entity.summary?.[item.key]))));
    return h("article", { class: "entity-card", dataset: { entityId: entity.id, href: editorHref(entity) } },
      h("a", { href: editorHref(entity), class: "entity-card-name entity-link" }, entity.name),
      h("div", { class: "muted entity-card-type" }, typeLabel(opts.manifest, entity.entity_type)),
      items.length ? h("dl", { class: "card-summary" }, items) : null,
      entity.updated_at ? h("div", { class: "muted entity-card-saved", title: entity.updated_at },
        `${savedText(entity.updated_at)}${entity.author ? ` · ${entity.author}` : ""}`) : null,
      actionButtons(entity, canMove(entity)));
  };

  const canMove = (entity) => mayMove(entity, opts.manifest);

  /** The value a column sorts by, for an entity (the columns the server cannot order by). */
  const sortValue = (entity, key) => {
    if (key === "type") return typeLabel(opts.manifest, entity.entity_type);
    if (key === "updated") return entity.updated_at || "";
    if (key === "author") return entity.author || "";
    const item = entity.summary?.[key.slice("summary:".length)];
    return item?.value ?? null;
  };
  const sorted = (shown) => {
    if (!sort.key || serverSort(sort.key)) return shown; // the server's order
    const order = shown.map((e, i) => [e, i]);
    order.sort(([a, i], [b, j]) => {
      const byKey = compareKeys(sortValue(a, sort.key), sortValue(b, sort.key));
      return (sort.descending ? -byKey : byKey) || i - j;
    });
    return order.map(([e]) => e);
  };
  /** A column header that sorts the table by its column (aria-sort says how it is sorted now). */
  const header = (key, label, extra = null) => {
    const on = sort.key === key;
    const needsAll = !serverSort(key) && !pages.complete;
    return h("th", {
      scope: "col",
      class: extra,
      "aria-sort": on ? (sort.descending ? "descending" : "ascending") : "none",
      dataset: { sortKey: key, ...(key.startsWith("summary:") ? { summaryColumn: key.slice(8) } : {}) },
    }, h("button", {
      type: "button",
      class: "sort-button",
      disabled: needsAll,
      title: needsAll ? `Sorting by ${label} needs the whole list: load the rest or filter it` : `Sort by ${label}`,
    }, label, h("span", { class: "sort-mark", "aria-hidden": "true" }, on ? (sort.descending ? "▾" : "▴") : "")));
  };

  function draw() {
    const hidden = opts.filter ? pages.items.filter((e) => !opts.filter(e)).length : 0;
    const shown = sorted(opts.filter ? pages.items.filter(opts.filter) : pages.items);
    clear(list);
    if (opts.showAs === "Cards") {
      list.appendChild(h("div", { class: "entity-cards" }, shown.map(card)));
    } else if (shown.length) {
      const types = [...new Set(shown.map((e) => e.entity_type))].map((n) => typeOf(opts.manifest, n)).filter(Boolean);
      const columns = summaryColumns(types);
      const withType = types.length > 1 || opts.types.length > 1;
      list.appendChild(h("table", { class: "entity-table" },
        h("thead", null, h("tr", null,
          header("name", "Name"), withType ? header("type", "Type") : null,
          columns.map((c) => header(`summary:${c.key}`, c.label)),
          header("updated", "Last saved"), header("author", "Author"),
          header("id", "ID", "num id-cell"))),
        h("tbody", null, shown.map((e) => row(e, columns, withType)))));
    }
    empty.hidden = shown.length > 0;
    search.hidden = !pages.q && pages.complete && pages.total <= PAGE_SIZE; // a short list needs no filter
    more.sync();
    root.dataset.count = String(shown.length);
    root.dataset.total = String(pages.total - hidden);
    opts.onCount?.(pages.total - hidden);
  }

  return { pages, reload: () => pages.reload() };
}
