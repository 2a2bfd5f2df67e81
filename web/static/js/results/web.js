// WebResult: the app's HTML in a sandboxed iframe (scripts run, but in an opaque origin: the page
// cannot read or script the editor), or a URL the app gave.

import { h } from "../dom.js";
import { blobUrl, resultToolbar, safeHttpUrl } from "./common.js";

const SANDBOX = "allow-scripts allow-popups allow-forms";

export async function mountWeb(container, result) {
  let src;
  let sandbox = SANDBOX;
  if (result.url) {
    src = safeHttpUrl(result.url);
    if (!src) throw new Error(`The web view's URL is not an http(s) URL: ${result.url}`);
    // Another site keeps its own origin (cookies, storage); our own origin never does.
    if (new URL(src).origin !== window.location.origin) sandbox = `${SANDBOX} allow-same-origin`;
  } else {
    src = blobUrl(result.html);
    if (!src) throw new Error("The web view has neither html nor a URL.");
  }
  const frame = h("iframe", {
    class: "web-frame",
    src,
    sandbox,
    referrerpolicy: "no-referrer",
    title: "App content",
    dataset: { webFrame: result.url ? "url" : "html" },
  });
  const el = h("div", { class: "web-view" },
    result.url
      ? resultToolbar(h("a", { class: "btn btn-small", href: src, target: "_blank", rel: "noopener noreferrer" }, "Open"))
      : null,
    frame);
  const loaded = new Promise((resolve) => frame.addEventListener("load", resolve, { once: true }));
  container.appendChild(el);
  await Promise.race([loaded, new Promise((resolve) => setTimeout(resolve, 3000))]);
  return {};
}
