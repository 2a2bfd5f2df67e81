// ImageResult: PNG, JPEG, GIF or SVG, always as an <img> (an SVG's scripts never run that way).

import { h } from "../dom.js";
import { blobLink, blobUrl, resultToolbar, waitForImage } from "./common.js";

export function imageElement(ref, alt = "View image") {
  const src = blobUrl(ref);
  if (!src) throw new Error("The result has no image.");
  return h("img", { class: "result-image", src, alt, dataset: { image: ref.content_type || "" } });
}

export async function mountImage(container, result) {
  const img = imageElement(result.image);
  container.appendChild(h("div", { class: "image-view" },
    resultToolbar(blobLink(result.image, "Open"), blobLink(result.image, "Download", { download: true })),
    h("div", { class: "image-stage" }, img)));
  await waitForImage(img);
  return {};
}
