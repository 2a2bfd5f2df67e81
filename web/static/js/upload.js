// File uploads with progress. fetch() cannot report how much of a request body has been sent, so
// uploads go through XMLHttpRequest, whose upload.onprogress drives a <progress> element.

import { ApiError } from "./api.js";
import { h } from "./dom.js";

/**
 * POST `form` (a FormData) to `url`; onProgress(sentBytes, totalBytes) as the body goes out.
 * Resolves to the JSON answer; rejects with an ApiError saying what went wrong.
 */
export function postWithProgress(url, form, onProgress = () => {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener("error", () => reject(new ApiError("Cannot reach the viktorlite server (the upload was cut off)", 0)));
    xhr.addEventListener("abort", () => reject(new ApiError("The upload was stopped", 0)));
    xhr.addEventListener("load", () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new ApiError((data && typeof data.error === "string" && data.error) || `Upload failed: ${xhr.status}`, xhr.status, data));
    });
    xhr.send(form);
  });
}

/** A hidden <progress> bar with show(total), update(sent) and hide(); its max is the bytes to send. */
export function uploadProgressBar() {
  const bar = h("progress", { class: "upload-progress", max: "1", value: "0", dataset: { uploadProgress: "" } });
  bar.hidden = true;
  return Object.assign(bar, {
    showFor(total) {
      bar.max = Math.max(total, 1);
      bar.value = 0;
      bar.hidden = false;
    },
    update(sent) {
      bar.value = Math.min(sent, bar.max);
      bar.setAttribute("aria-valuetext", `${Math.round((100 * bar.value) / bar.max)} %`);
    },
    hide() {
      bar.hidden = true;
    },
  });
}
