// PDFResult: pages drawn by pdf.js (vendored), from a blob or from a URL the app gave.

import { h } from "../dom.js";
import { blobLink, blobUrl, loadModule, resultToolbar, safeHttpUrl } from "./common.js";

const PDFJS = "/static/vendor/pdfjs/pdf.min.mjs";
const MAX_PAGES = 200;

async function pdfjs() {
  const lib = await loadModule(PDFJS);
  lib.GlobalWorkerOptions.workerSrc = "/static/vendor/pdfjs/pdf.worker.min.mjs";
  return lib;
}

export async function mountPdf(container, result) {
  const url = result.url ? safeHttpUrl(result.url) : blobUrl(result.file);
  if (!url) throw new Error("The PDF result has neither a file nor a usable URL.");
  const pages = h("div", { class: "pdf-pages" });
  const toolbar = result.url
    ? resultToolbar(h("a", { class: "btn btn-small", href: url, target: "_blank", rel: "noopener noreferrer" }, "Open"))
    : resultToolbar(blobLink(result.file, "Open"), blobLink(result.file, "Download", { download: true }));
  const el = h("div", { class: "pdf-view" }, toolbar, pages);
  container.appendChild(el);
  let doc = null;
  let disposed = false;
  const lib = await pdfjs();
  try {
    doc = await lib.getDocument({ url, isEvalSupported: false, enableXfa: false }).promise;
  } catch (err) {
    const reason = result.url
      ? "The PDF's host does not allow it to be shown here (CORS); open it in a new tab instead."
      : `The PDF could not be read (${err.message}).`;
    pages.appendChild(h("div", { class: "view-empty pdf-error" }, reason));
    return {};
  }
  el.dataset.pdfPages = String(doc.numPages);
  const count = Math.min(doc.numPages, MAX_PAGES);
  const canvases = [];
  for (let n = 1; n <= count; n += 1) {
    const canvas = h("canvas", { class: "pdf-page", dataset: { pdfPage: n }, "aria-label": `Page ${n}` });
    canvases.push(canvas);
    pages.appendChild(canvas);
  }
  if (doc.numPages > count) pages.appendChild(h("p", { class: "muted" }, `Showing the first ${count} of ${doc.numPages} pages.`));

  const drawPage = async (n) => {
    const page = await doc.getPage(n);
    const base = page.getViewport({ scale: 1 });
    const width = Math.max(pages.clientWidth - 24, 200);
    const scale = Math.min(width / base.width, 3);
    const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
    const canvas = canvases[n - 1];
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / (window.devicePixelRatio || 1))}px`;
    await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport }).promise;
    canvas.dataset.rendered = "true";
  };
  // The view counts as shown once the first page is drawn; the rest follow in the background.
  let firstDrawn;
  const first = new Promise((resolve) => { firstDrawn = resolve; });
  const rendering = (async () => {
    for (let n = 1; n <= count && !disposed; n += 1) {
      try {
        await drawPage(n);
      } catch {
        /* a page that fails to draw stays blank */
      }
      if (n === 1) firstDrawn();
    }
    firstDrawn();
  })();
  await first;
  return {
    dispose() {
      disposed = true;
      rendering.finally(() => doc?.destroy());
    },
  };
}
