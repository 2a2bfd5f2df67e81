// The divider between the inputs and the views: drag it (or focus it and use the arrow keys) to give
// either side more room; a double click goes back to the parametrization's own width. The chosen
// width is kept in this browser per entity type, and wins over the width of the schema.

import { els, root, state } from "./editor_state.js";

const MIN = 15;
const MAX = 85;
const clamp = (w) => Math.max(MIN, Math.min(MAX, w));
const key = () => `viktorlite.inputWidth.${state.manifest?.app || ""}.${state.type?.name || ""}`;

/** The width (percent) the user chose for this entity type's inputs, or null. */
export function userInputWidth() {
  try {
    const raw = window.localStorage.getItem(key());
    return raw === null ? null : clamp(Number(raw)) || null;
  } catch {
    return null;
  }
}

function apply(width) {
  els.inputPanel.style.flexBasis = `${width}%`;
  els.inputPanel.dataset.width = String(Math.round(width));
  handle().setAttribute("aria-valuenow", String(Math.round(width)));
}

function remember(width) {
  try {
    if (width === null) window.localStorage.removeItem(key());
    else window.localStorage.setItem(key(), String(Math.round(width * 10) / 10));
  } catch {
    /* storage unavailable: the width lasts for this page */
  }
}

const handle = () => document.getElementById("split-handle");

export function installSplit(resetWidth) {
  const bar = handle();
  if (!bar) return;
  let dragging = false;
  const widthAt = (clientX) => {
    const rect = els.main.getBoundingClientRect();
    return clamp(((clientX - rect.left) / Math.max(rect.width, 1)) * 100);
  };
  bar.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    dragging = true;
    bar.setPointerCapture(event.pointerId);
    root.dataset.resizing = "true";
    event.preventDefault();
  });
  bar.addEventListener("pointermove", (event) => {
    if (dragging) apply(widthAt(event.clientX));
  });
  const stop = (event) => {
    if (!dragging) return;
    dragging = false;
    bar.releasePointerCapture?.(event.pointerId);
    delete root.dataset.resizing;
    remember(Number(els.inputPanel.dataset.width));
  };
  bar.addEventListener("pointerup", stop);
  bar.addEventListener("pointercancel", stop);
  bar.addEventListener("keydown", (event) => {
    const step = event.key === "ArrowLeft" ? -2 : event.key === "ArrowRight" ? 2 : 0;
    if (!step) return;
    event.preventDefault();
    const width = clamp(Number(els.inputPanel.dataset.width || 40) + step);
    apply(width);
    remember(width);
  });
  bar.addEventListener("dblclick", () => {
    remember(null);
    resetWidth();
  });
}
