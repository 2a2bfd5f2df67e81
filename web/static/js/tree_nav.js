// The entity tree of a tree app, in a side bar: every entity under its parent, the open one
// highlighted with its ancestors expanded; and the breadcrumb of the open entity's ancestors. The side
// bar collapses to a thin strip (and stays so in this browser) to give the editor the room.

import { clear, h } from "./dom.js";
import { ancestorsOf, childrenOf, typeLabel } from "./entity_model.js";

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

/** Mount the tree in `nav`; returns {update(entities)}. `currentId` is the open entity, if any. */
export function mountTree(nav, { manifest, currentId = null }) {
  const expanded = new Set();
  let entities = [];
  let seeded = false;

  const branch = (parentId, depth) => {
    const kids = childrenOf(entities, parentId);
    if (!kids.length) return null;
    return h("ul", { role: depth ? "group" : "tree", class: "tree-list", "aria-label": depth ? null : "Entities" },
      kids.map((entity) => {
        const hasKids = childrenOf(entities, entity.id).length > 0;
        const open = expanded.has(entity.id);
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
      }));
  };

  const toggle = collapseToggle(nav);
  const body = h("div", { class: "tree-body" });
  clear(nav).append(h("div", { class: "tree-head" }, h("span", { class: "tree-title" }, "Entities"), toggle), body);
  const draw = () => {
    clear(body).append(branch(null, 0) || h("p", { class: "muted tree-empty" }, "No entities."));
  };

  nav.addEventListener("click", (event) => {
    const toggle = event.target.closest("[data-tree-toggle]");
    if (!toggle) return;
    const id = Number(toggle.dataset.treeToggle);
    if (expanded.has(id)) expanded.delete(id);
    else expanded.add(id);
    draw();
  });

  return {
    update(all) {
      entities = all;
      if (!seeded) { // open the way to the current entity, and the top level
        seeded = true;
        const current = all.find((e) => e.id === currentId);
        for (const a of ancestorsOf(all, current)) expanded.add(a.id);
        if (current) expanded.add(current.id);
        for (const root of childrenOf(all, null)) expanded.add(root.id);
      }
      draw();
    },
  };
}

/** Links to the ancestors of `entity`, each followed by a separator, for the top bar's breadcrumb. */
export function ancestorCrumbs(entities, entity) {
  return ancestorsOf(entities, entity).flatMap((a) => [
    h("a", { class: "crumb-link", href: href(a), dataset: { crumbEntity: a.id } }, a.name),
    h("span", { class: "crumb-sep", "aria-hidden": "true" }, "/"),
  ]);
}
