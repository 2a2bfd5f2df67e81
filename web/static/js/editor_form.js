// The editor's form model: what it knows about the parametrization's fields (for lookups and for
// pruning params), the update cycle after an input (constraints, then validation), the callback
// job and a step's on_next job.

import { lookupIn } from "./constraints.js";
import { Callbacks, updateAll } from "./dynamic.js";
import { FIELD_KINDS } from "./field_kinds.js";
import { startAndWait } from "./param_jobs.js";
import { clone, getPath, setPath } from "./params.js";

/** Every field with a value in params: attribute path -> {storage, empty, node}. */
export function fieldIndex(schema) {
  const found = new Map();
  const visit = (items) => {
    for (const node of items || []) {
      if (!node || typeof node !== "object") continue;
      if (node.kind === "field") found.set(node.path, { storage: node.storage || node.path, empty: node.empty ?? null, node });
      else if (Array.isArray(node.items) && node.kind !== "field") visit(node.items);
    }
  };
  visit(schema?.items);
  return found;
}

/**
 * `params` with only what the parametrization holds: stored keys of fields the app no longer
 * has are dropped (older revisions keep them), so a save is never refused for them.
 */
export function pruneParams(index, params) {
  const out = {};
  for (const { storage, node } of index.values()) {
    const value = getPath(params, storage);
    if (value === undefined) continue;
    if (FIELD_KINDS[node.type]?.value === "rows" && Array.isArray(value)) {
      const columns = (node.items || []).filter((c) => c.kind === "field").map((c) => c.name);
      setPath(out, storage, value.filter((r) => r && typeof r === "object")
        .map((r) => Object.fromEntries(columns.filter((c) => c in r).map((c) => [c, r[c]]))));
    } else {
      setPath(out, storage, clone(value));
    }
  }
  return out;
}

export class FormModel {
  /** fields: path -> controller; dynamics: entries; getParams(): the editor's params. */
  constructor({ schema, entityId, fields, dynamics, getParams, onCallbackResults, onCallbacksSettled }) {
    this.schema = schema;
    this.fields = fields;
    this.dynamics = dynamics;
    this.getParams = getParams;
    this.index = fieldIndex(schema);
    const attrToStorage = new Map([...this.index].map(([path, f]) => [path, f.storage]));
    const emptyOf = new Map([...this.index.values()].map((f) => [f.storage, f.empty]));
    this.lookup = lookupIn(getParams, attrToStorage, emptyOf);
    this.callbacks = schema?.has_callbacks
      ? new Callbacks({
        entityId,
        getParams: () => clone(getParams()),
        onResults: onCallbackResults,
        onSettled: onCallbacksSettled,
      })
      : null;
  }

  env() {
    return { lookup: this.lookup, results: this.callbacks?.results, row: null, rowIndex: null };
  }

  /** Evaluate every constraint, then validate every visible field. */
  update() {
    updateAll(this.dynamics, this.env());
    for (const field of this.fields.values()) {
      field.constraint = field.visible ? field.validate() : null;
      field.show();
    }
  }

  /** The params changed: a typed change waits for the next keystroke, a committed one runs the callbacks now. */
  inputsChanged({ keystroke = false } = {}) {
    this.callbacks?.schedule(keystroke ? undefined : 0);
  }

  prune(params) {
    return pruneParams(this.index, params);
  }

  /** The field a server-side problem or an input violation names (attribute or storage path). */
  fieldAt(path) {
    if (this.fields.has(path)) return this.fields.get(path);
    const top = [...this.index].find(([, f]) => f.storage === path);
    return top ? this.fields.get(top[0]) : null;
  }
}

/** Run a Step's on_next for the current params; resolves with the ended job. */
export function runOnNext(entityId, step, params) {
  return startAndWait(`/api/entities/${entityId}/steps/${encodeURIComponent(step)}/next`, { params: clone(params) });
}
