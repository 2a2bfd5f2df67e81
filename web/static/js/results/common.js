// Helpers shared by the result renderers.

import { h } from "../dom.js";

/** The URL of a blob reference {blob, content_type, size, filename} from a result. */
export function blobUrl(ref, { download = false } = {}) {
  if (!ref || typeof ref.blob !== "string") return null;
  return `/api/blobs/${encodeURIComponent(ref.blob)}${download ? "?download=1" : ""}`;
}

/** A small toolbar above a visual: links and buttons, right-aligned. */
export function resultToolbar(...children) {
  return h("div", { class: "result-toolbar" }, h("span", { class: "spacer" }), ...children);
}

/** A link that opens/saves a blob: never a javascript: URL, always a same-origin path. */
export function blobLink(ref, text, { download = false } = {}) {
  const href = blobUrl(ref, { download });
  if (!href) return null;
  return h("a", {
    class: "btn btn-small",
    href,
    target: download ? null : "_blank",
    rel: "noopener noreferrer",
    download: download ? (ref.filename || "") : null,
  }, text);
}

/** Only http(s) URLs may become an src/href; anything else (javascript:, data:) is refused. */
export function safeHttpUrl(url) {
  try {
    const parsed = new URL(String(url), window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export function waitForImage(img) {
  if (img.complete && img.naturalWidth) return Promise.resolve(img);
  return new Promise((resolve, reject) => {
    img.addEventListener("load", () => resolve(img), { once: true });
    img.addEventListener("error", () => reject(new Error("The image could not be loaded.")), { once: true });
  });
}

/** Load an ES module once (vendored libraries are imported only when a view needs them). */
const modules = new Map();
export function loadModule(url) {
  if (!modules.has(url)) {
    modules.set(url, import(url).catch((err) => {
      modules.delete(url);
      throw new Error(`Cannot load ${url}: ${err.message}`);
    }));
  }
  return modules.get(url);
}

const stylesheets = new Set();
/** Add a vendored stylesheet once. */
export function loadStylesheet(href) {
  if (stylesheets.has(href) || document.querySelector(`link[href="${href}"]`)) return;
  stylesheets.add(href);
  document.head.appendChild(h("link", { rel: "stylesheet", href }));
}

const scripts = new Map();
/** Run a classic (non-module) vendored script once: for libraries that extend a global, like Leaflet plugins. */
export function loadScript(url) {
  if (!scripts.has(url)) {
    scripts.set(url, new Promise((resolve, reject) => {
      const script = h("script", { src: url });
      script.addEventListener("load", () => resolve(), { once: true });
      script.addEventListener("error", () => {
        scripts.delete(url);
        script.remove();
        reject(new Error(`Cannot load ${url}`));
      }, { once: true });
      document.head.appendChild(script);
    }));
  }
  return scripts.get(url);
}
