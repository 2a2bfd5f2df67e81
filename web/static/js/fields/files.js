// FileField and MultiFileField: files are uploaded at once (POST /api/uploads, checked there for
// file_types and max_size), with a progress bar, and params hold {file_id, filename} for each.

import { clear, h } from "../dom.js";
import { postWithProgress, uploadProgressBar } from "../upload.js";
import { controller, fieldShell } from "./shell.js";

function sizeText(bytes) {
  if (!Number.isFinite(bytes)) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** The reason a file may not be uploaded to this field, or null (the server checks again). */
export function fileProblem(file, node) {
  const types = Array.isArray(node.file_types) ? node.file_types : null;
  if (types && types.length) {
    const name = file.name.toLowerCase();
    if (!types.some((t) => name.endsWith(t.toLowerCase()))) return `${file.name}: only ${types.join(", ")} files are allowed`;
  }
  if (Number.isFinite(node.max_size) && file.size > node.max_size) {
    return `${file.name} is ${sizeText(file.size)}; at most ${sizeText(node.max_size)} is allowed`;
  }
  return null;
}

/** Upload one file; onProgress(sentBytes) as it goes. */
async function upload(file, node, ctx, onProgress) {
  const query = new URLSearchParams({ entity_type: ctx.entityType, field: node.schemaPath || node.path });
  const body = new FormData();
  body.append("file", file, file.name);
  // The request body is the file plus a little multipart framing: report the file's share of it.
  const data = await postWithProgress(`/api/uploads?${query}`, body, (sent, total) => onProgress(Math.round((file.size * sent) / total)));
  return { file_id: data.file_id, filename: data.filename };
}

export function fileField(node, ctx) {
  const multiple = Boolean(node.multiple);
  const picker = h("input", {
    type: "file",
    id: node.path,
    class: "file-input",
    multiple: multiple || null,
    accept: Array.isArray(node.file_types) && node.file_types.length ? node.file_types.join(",") : null,
    dataset: { path: node.path },
  });
  const status = h("span", { class: "muted upload-status", role: "status" });
  const progress = uploadProgressBar();
  progress.setAttribute("aria-label", `Upload progress of ${node.ui_name || node.path}`);
  const list = h("ul", { class: "file-list" });
  const pick = h("label", { class: "btn btn-small file-pick", for: node.path }, multiple ? "Add files…" : "Choose a file…");
  const limits = [
    Array.isArray(node.file_types) && node.file_types.length ? node.file_types.join(", ") : null,
    Number.isFinite(node.max_size) ? `max ${sizeText(node.max_size)}` : null,
  ].filter(Boolean).join(" · ");
  const control = h("div", { class: "file-control" }, list, h("div", { class: "file-actions" }, picker, pick, status, progress,
    limits ? h("span", { class: "muted file-limits" }, limits) : null));
  const { wrapper, error } = fieldShell(node, { control, labelFor: node.path });
  const ctl = controller(node, wrapper, error, [picker]);
  const files = () => {
    const v = ctx.get(ctl.storage);
    if (multiple) return Array.isArray(v) ? v : [];
    return v ? [v] : [];
  };
  const store = (next) => {
    ctl.localError = null;
    ctx.change(ctl, multiple ? next : (next[0] ?? null));
    ctl.refresh();
  };

  ctl.refresh = () => {
    clear(list);
    for (const [i, f] of files().entries()) {
      const remove = h("button", { type: "button", class: "icon-button", "aria-label": `Remove ${f.filename}`, title: "Remove" }, "×");
      remove.addEventListener("click", () => store(files().filter((_, j) => j !== i)));
      list.appendChild(h("li", { class: "file-chip", dataset: { fileId: f.file_id } }, h("span", { class: "file-name" }, f.filename || f.file_id), remove));
    }
    list.hidden = files().length === 0;
  };
  picker.addEventListener("change", async () => {
    const chosen = [...picker.files];
    picker.value = "";
    if (!chosen.length) return;
    const problem = chosen.map((f) => fileProblem(f, node)).find(Boolean);
    if (problem) {
      ctl.localError = problem;
      ctl.show();
      return;
    }
    ctl.localError = null;
    ctl.show();
    wrapper.dataset.uploading = "true";
    status.textContent = chosen.length > 1 ? `Uploading ${chosen.length} files…` : `Uploading ${chosen[0].name}…`;
    progress.showFor(chosen.reduce((sum, file) => sum + file.size, 0));
    try {
      const uploaded = [];
      let done = 0;
      for (const file of chosen) {
        uploaded.push(await upload(file, node, ctx, (sent) => progress.update(done + sent)));
        done += file.size;
        progress.update(done);
      }
      store(multiple ? [...files(), ...uploaded] : uploaded.slice(-1));
      status.textContent = "";
    } catch (err) {
      status.textContent = "";
      ctl.localError = err.message;
      ctl.show();
    } finally {
      progress.hide();
      delete wrapper.dataset.uploading;
    }
  });
  ctl.refresh();
  return ctl;
}
