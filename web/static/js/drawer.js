// A side drawer opened from a top-bar button (the job log, the revision history): built afresh,
// with a "Loading…" line, each time it opens; closed by its button, the top-bar button or Escape.

import { h } from "./dom.js";

/**
 * Add the button to the top bar. fill(list) loads the drawer's entries into its <ol>; when it
 * throws, the list says "Cannot load the <name>: ...". Returns { close }, or null without a top bar.
 */
export function installDrawer({ id, label, tooltip, name, drawerClass, listClass, entryClass = null, fill }) {
  const actions = document.querySelector(".topbar-actions");
  if (!actions) return null;
  const button = h("button", { type: "button", id: `${id}-button`, class: "btn", title: tooltip, "aria-expanded": "false" }, label);
  actions.prepend(button);
  let drawer = null;
  const close = () => {
    drawer?.remove();
    drawer = null;
    button.setAttribute("aria-expanded", "false");
  };
  button.addEventListener("click", async () => {
    if (drawer) return close();
    const list = h("ol", { class: listClass }, h("li", { class: [entryClass, "muted"] }, "Loading…"));
    const closeButton = h("button", { type: "button", class: "btn btn-small", "aria-label": `Close the ${name}` }, "Close");
    closeButton.addEventListener("click", close);
    drawer = h("aside", { class: drawerClass, id, "aria-label": name[0].toUpperCase() + name.slice(1) },
      h("div", { class: "job-log-head" }, h("h2", null, label), closeButton), list);
    document.body.appendChild(drawer);
    button.setAttribute("aria-expanded", "true");
    try {
      await fill(list);
    } catch (err) {
      list.replaceChildren(h("li", { class: entryClass }, `Cannot load the ${name}: ${err.message}`));
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && drawer) close();
  });
  return { close };
}
