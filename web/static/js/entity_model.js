// What pages know about entities: their types (from the manifest), the tree they form, and how a
// new one is made (a name, or for a file entity type an uploaded file that a job turns into params).

import { api, ApiError } from "./api.js";
import { followJob } from "./jobs.js";
import { postWithProgress } from "./upload.js";

export const typeOf = (manifest, name) => (manifest?.entity_types || []).find((t) => t.name === name) || null;

export function typeLabel(manifest, name) {
  const type = typeOf(manifest, name);
  return type ? (type.label || type.name) : name;
}

/** Entity types that may be created under an entity of type `parentType` (null: the top level). */
export function creatableTypes(manifest, parentType) {
  const types = manifest?.entity_types || [];
  if (parentType) {
    const allowed = typeOf(manifest, parentType)?.children || [];
    return types.filter((t) => allowed.includes(t.name));
  }
  if (manifest?.app_type !== "tree") return types;
  const nested = new Set(types.flatMap((t) => t.children || []));
  const roots = types.filter((t) => !nested.has(t.name));
  return roots.length ? roots : types;
}

/** Initial entities hidden from the dashboard (InitialEntity(show_on_dashboard=False)), by type and name. */
export function hiddenFromDashboard(manifest, entity) {
  return (manifest?.initial_entities || []).some((d) => d.show_on_dashboard === false
    && d.entity_type === entity.entity_type && d.name === entity.name && entity.parent_id === null);
}

function uploadEntity(query, file, onProgress) {
  const form = new FormData();
  form.append("file", file, file.name);
  return postWithProgress(`/api/entities/upload?${new URLSearchParams(query)}`, form, onProgress);
}

/**
 * Create an entity and resolve to it. A file entity type needs `file`: it is uploaded (limits
 * checked by the server as it arrives), then its @ParamsFromFile job makes the entity;
 * onStatus(text) tells how far that got, onProgress(sentBytes, totalBytes) how far the upload is.
 * Rejects with an ApiError whose message says what is wrong.
 */
export async function createEntity(manifest, { entityType, name, parentId = null, file = null, onStatus = () => {}, onProgress = () => {} }) {
  const type = typeOf(manifest, entityType);
  if (!type?.file_type) {
    return api("POST", "/api/entities", { entity_type: entityType, name, parent_id: parentId });
  }
  if (!file) throw new ApiError(`A ${type.label || type.name} is made from a file: choose one.`, 422);
  onStatus(`Uploading ${file.name}…`);
  const query = { entity_type: entityType };
  if (name) query.name = name;
  if (parentId !== null && parentId !== undefined) query.parent_id = String(parentId);
  const started = await uploadEntity(query, file, onProgress);
  onStatus(`Reading ${file.name}…`);
  const job = await followJob(Promise.resolve(started.job_id)).done;
  if (job?.status === "finished" && job.result?.entity) return job.result.entity;
  const message = job?.error?.message || "The file could not be read.";
  throw new ApiError(message, 422, job?.error || null);
}

/** A summary value as text: prefix, the value (numbers rounded for reading), suffix. */
export function summaryText(item) {
  if (!item || item.value === null || item.value === undefined) return "–";
  const value = typeof item.value === "number"
    ? item.value.toLocaleString(undefined, { maximumFractionDigits: 2 })
    : String(item.value);
  return [item.prefix, value, item.suffix].filter((part) => part !== null && part !== undefined && part !== "").join(" ");
}
