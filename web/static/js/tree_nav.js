// The entity tree of a tree app, in a side bar: every entity under its parent (each open level read a
// page at a time), the open one highlighted with its ancestors expanded; and the breadcrumb of the open
// entity's ancestors. The side bar collapses to a thin strip (and stays so in this browser) to give the
// editor the room.

import { clear, h } from "./dom.js";
import { typeLabel, typeOf } from "./entity_model.js";
import { EntityPages } from "./entity_pages.js";

const href = (entity) => `/entities/${encodeURIComponent(entity.id)}`;
const COLLAPSED_KEY = "viktorlite.treeCollapsed";

function remembered() {
  try {
    return window.localStorage.getItem(COLLAPSED_KEY) === "true";
  } catch {
    return false;
  }
}

/** The side bar's collapse button; sets nav.dataset.collapsed. */
function collapseToggle(nav) {
  const button = h("button", { type: "button", class: "tree-collapse", dataset: { treeCollapse: "" } });
  const set = (collapsed) => {
    nav.dataset.collapsed = String(collapsed);
    button.setAttribute("aria-expanded", String(!collapsed));
    button.setAttribute("aria-label", collapsed ? "Show the entity tree" : "Hide the entity tree");
    button.title = button.getAttribute("aria-label");
    button.textContent = collapsed ? "»" : "«";
  };
  button.addEventListener("click", () => {
    const collapsed = nav.dataset.collapsed !== "true";
    set(collapsed);
    try {
      window.localStorage.setItem(COLLAPSED_KEY, String(collapsed));
    } catch {
      /* storage unavailable: collapsed for this page only */
    }
    window.dispatchEvent(new Event("resize")); // views (maps, 3D, plots) fit the new room
  });
  set(remembered());
  return button;
}

/** Whether entities of this type may have children (the app's types say so). */
const mayHaveChildren = (manifest, entity) => (typeOf(manifest, entity.entity_type)?.children || []).length > 0;

/** Open the top level's entities too when there are at most this many (each is one request). */
const OPEN_ROOTS_UP_TO = 10;

/**
 * Mount the tree in `nav`; returns {update(), open(ids)}. `currentId` is the open entity, if any.
 * Each open level is read from the server a page at a time (entity_pages.js), with a "more" button.
 */
export function mountTree(nav, { manifest, currentId = null }) {
  const expanded = new Set();
  const levels = new Map(); // parent id ("top" for the top level) -> EntityPages
  let seeded = false;
  let draw = () => {};

  const level = (parentId) => {
    const key = parentId ?? "top";
    if (!levels.has(key)) {
      const pages = new EntityPages({ parentId, onChange: () => { seed(); draw(); } });
      levels.set(key, pages);
      pages.reload().catch((err) => console.warn("cannot read the tree:", err.message));
    }
    return levels.get(key);
  };

  /** The first time the top level arrives: open it when it is short (as before paging). */
  const seed = () => {
    const top = levels.get("top");
    if (seeded || !top?.loaded) return;
    seeded = true;
    if (top.total <= OPEN_ROOTS_UP_TO) for (const root of top.items) if (mayHaveChildren(manifest, root)) expanded.add(root.id);
  };

  const branch = (parentId, depth) => {
    const pages = level(parentId);
    if (!pages.loaded || !pages.items.length) return null;
    const items = pages.items.map((entity) => {
      const kids = levels.get(entity.id);
      const hasKids = mayHaveChildren(manifest, entity) && !(kids?.loaded && kids.total === 0);
      const open = hasKids && expanded.has(entity.id);
      const toggle = hasKids
        ? h("button", { type: "button", class: "tree-toggle", "aria-label": `${open ? "Collapse" : "Expand"} ${entity.name}`, dataset: { treeToggle: entity.id } }, open ? "▾" : "▸")
        : h("span", { class: "tree-toggle-space", "aria-hidden": "true" });
      return h("li", {
        role: "treeitem",
        class: ["tree-item", entity.id === currentId ? "is-current" : null],
        "aria-expanded": hasKids ? String(open) : null,
        "aria-current": entity.id === currentId ? "page" : null,
        dataset: { treeEntity: entity.id },
      },
      h("div", { class: "tree-row" }, toggle,
        h("a", { href: href(entity), class: "tree-link", title: typeLabel(manifest, entity.entity_type) }, entity.name)),
      open ? branch(entity.id, depth + 1) : null);
    });
    if (pages.nextOffset !== null) {
      items.push(h("li", { role: "none", class: "tree-more" }, h("button", {
        type: "button", class: "btn btn-small btn-quiet", dataset: { treeMore: parentId ?? "top" },
      }, `More (${pages.items.length} of ${pages.total})`)));
    }
    return h("ul", { role: depth ? "group" : "tree", class: "tree-list", "aria-label": depth ? null : "Entities" }, items);
  };

  const toggle = collapseToggle(nav);
  const body = h("div", { class: "tree-body" });
  clear(nav).append(h("div", { class: "tree-head" }, h("span", { class: "tree-title" }, "Entities"), toggle), body);
  draw = () => {
    const top = level(null);
    clear(body).append(branch(null, 0) || h("p", { class: "muted tree-empty" }, top.loaded ? "No entities." : "Loading…"));
  };

  nav.addEventListener("click", (event) => {
    const more = event.target.closest("[data-tree-more]");
    if (more) {
      const key = more.dataset.treeMore;
      levels.get(key === "top" ? "top" : Number(key))?.more();
      return;
    }
    const toggle = event.target.closest("[data-tree-toggle]");
    if (!toggle) return;
    const id = Number(toggle.dataset.treeToggle);
    if (expanded.has(id)) expanded.delete(id);
    else expanded.add(id);
    draw();
  });

  return {
    /** Entities changed somewhere: re-read every level read so far (each in one request). */
    update() {
      if (!levels.size) {
        draw();
        return;
      }
      for (const pages of levels.values()) pages.reload().catch((err) => console.warn("cannot read the tree:", err.message));
    },
    /** Open the way to the current entity: its ancestors (top level first) and itself. */
    open(ids) {
      for (const id of ids) expanded.add(id);
      draw();
    },
  };
}

/** Links to the ancestors (top level first), each followed by a separator, for the top bar's breadcrumb. */
export function ancestorCrumbs(ancestors) {
  return ancestors.flatMap((a) => [
    h("a", { class: "crumb-link", href: href(a), dataset: { crumbEntity: a.id } }, a.name),
    h("span", { class: "crumb-sep", "aria-hidden": "true" }, "/"),
  ]);
}
