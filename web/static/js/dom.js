// Small DOM helpers. Every piece of user or app text goes through text nodes or attributes,
// never through innerHTML.

/**
 * Create an element.
 * attrs: plain attributes (strings), except:
 *   class -> className, dataset -> data-* map, on -> {event: handler}, props -> DOM properties.
 *   null/undefined/false values are skipped; `true` sets an empty attribute.
 * children: strings (become text nodes), nodes, arrays, null (skipped).
 */
export function h(tag, attrs = null, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") {
        el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
      } else if (key === "dataset") {
        for (const [k, v] of Object.entries(value)) {
          if (v !== null && v !== undefined) el.dataset[k] = String(v);
        }
      } else if (key === "on") {
        for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
      } else if (key === "props") {
        Object.assign(el, value);
      } else if (value === true) {
        el.setAttribute(key, "");
      } else {
        el.setAttribute(key, String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** A small "i" icon that shows `text` as a tooltip on hover / focus. */
export function infoIcon(text) {
  if (!text) return null;
  return h("span", {
    class: "info-icon",
    tabindex: "0",
    role: "img",
    "aria-label": text,
    "data-tooltip": text,
  }, "i");
}

// -- tooltips ----------------------------------------------------------------------------------
// One floating element, positioned next to whatever [data-tooltip] element is hovered or focused.
// Fixed positioning keeps it from being clipped by scrolling panels.

let tooltipEl = null;

function showTooltip(target) {
  const text = target.getAttribute("data-tooltip");
  if (!text) return;
  if (!tooltipEl) {
    tooltipEl = h("div", { class: "tooltip", role: "tooltip" });
    document.body.appendChild(tooltipEl);
  }
  tooltipEl.textContent = text;
  tooltipEl.hidden = false;
  const rect = target.getBoundingClientRect();
  const tip = tooltipEl.getBoundingClientRect();
  let left = rect.left + rect.width / 2 - tip.width / 2;
  left = Math.max(8, Math.min(left, window.innerWidth - tip.width - 8));
  let top = rect.top - tip.height - 8;
  if (top < 8) top = rect.bottom + 8;
  tooltipEl.style.left = `${left}px`;
  tooltipEl.style.top = `${top}px`;
}

function hideTooltip() {
  if (tooltipEl) tooltipEl.hidden = true;
}

export function installTooltips() {
  const find = (event) => event.target instanceof Element && event.target.closest("[data-tooltip]");
  document.addEventListener("mouseover", (event) => {
    const target = find(event);
    if (target) showTooltip(target);
  });
  document.addEventListener("mouseout", (event) => {
    if (find(event)) hideTooltip();
  });
  document.addEventListener("focusin", (event) => {
    const target = find(event);
    if (target) showTooltip(target);
  });
  document.addEventListener("focusout", hideTooltip);
  document.addEventListener("scroll", hideTooltip, true);
}

// -- toasts ------------------------------------------------------------------------------------

/** A short message at the top right; errors stay until dismissed. kind: info|success|warning|error */
export function toast(message, kind = "info", { timeout } = {}) {
  let box = document.getElementById("toasts");
  if (!box) {
    box = h("div", { id: "toasts", class: "toasts", "aria-live": "polite" });
    document.body.appendChild(box);
  }
  const close = h("button", { type: "button", class: "toast-close", "aria-label": "Dismiss" }, "×");
  const el = h("div", { class: `toast toast-${kind}`, role: kind === "error" ? "alert" : "status" },
    h("span", { class: "toast-text" }, message), close);
  close.addEventListener("click", () => el.remove());
  box.appendChild(el);
  const ms = timeout ?? (kind === "error" ? 0 : 4000);
  if (ms > 0) setTimeout(() => el.remove(), ms);
  return el;
}

/** A block showing an app-load error: where in the app (file:line), the message, its traceback. */
export function appErrorBox(error) {
  const where = error.file ? `${error.file}${error.line ? `:${error.line}` : ""}` : null;
  return h("div", { class: "app-error", role: "alert", "data-app-error": "" },
    h("h2", null, "The app failed to load"),
    where ? h("p", { class: "app-error-location" }, h("code", { dataset: { appErrorLocation: where } }, where)) : null,
    // The heading says it already: the message without its "The app failed to load: " prefix.
    h("p", { class: "app-error-message" }, (error.message || "Unknown error").replace(/^The app failed to load:\s*/, "")),
    h("p", { class: "muted" }, "Fix the file and save it: in dev mode this page picks up the fix by itself."),
    error.traceback ? h("pre", { class: "traceback" }, error.traceback) : null);
}
