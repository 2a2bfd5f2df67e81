// Dynamic attributes of the form: visibility, min/max, options, OutputField values, step
// enablement. Every rendered item registers an entry; after each input the editor calls
// updateAll(entries, env), which evaluates the declared constraints (constraints.js) and hands
// changed attributes to the item. Values that need Python come from one callback job per change
// (Callbacks below), whose result is a Map path -> {attribute: value}.

import { attribute } from "./constraints.js";
import { startAndWait } from "./param_jobs.js";

/** A visibility scope: a group (section, tab, page, array row) that can hide what it holds. */
export const scope = (parent = null) => ({ visible: true, parent });

export function scopeVisible(s) {
  for (let cur = s; cur; cur = cur.parent) if (!cur.visible) return false;
  return true;
}

/** The options an option field shows now (only the visible ones); null while a callback computes them. */
export function optionsOf(node, path, env) {
  const declared = Array.isArray(node.options) ? node.options : attribute(node.options, "options", path, env);
  if (!Array.isArray(declared)) return null;
  return declared
    .filter((o) => o && typeof o === "object" && attribute(o.visible, "visible", path, env) !== false)
    .map((o) => ({ value: o.value, label: o.label }));
}

/**
 * An entry for one item (field controller, display item or group): `target` has `wrapper`
 * and optionally `dynamicAttrs` + `applyAttrs(attrs)`; `own` (a scope) is set for groups.
 * `hide(hidden)` overrides how the item hides (default: wrapper.hidden).
 */
export function entry(node, target, parentScope, { own = null, hide = null } = {}) {
  const path = node.schemaPath || node.path;
  let attrsKey = null;
  return {
    update(env) {
      const visible = attribute(node.visible, "visible", path, env) !== false;
      target.ownVisible = visible;
      target.visible = visible && scopeVisible(parentScope);
      if (own) own.visible = visible;
      if (hide) hide(!visible);
      else if (target.wrapper && target.wrapper.hidden !== !visible) target.wrapper.hidden = !visible;
      if (!target.dynamicAttrs) return;
      const attrs = {};
      for (const name of target.dynamicAttrs) {
        attrs[name] = name === "options" ? optionsOf(node, path, env) : attribute(node[name], name, path, env);
      }
      const key = JSON.stringify(attrs);
      if (key !== attrsKey) {
        attrsKey = key;
        target.applyAttrs(attrs);
      }
    },
  };
}

/** An entry that updates a nested list of entries with its own env (DynamicArray rows). */
export const nested = (update) => ({ update });

export function updateAll(entries, env) {
  for (const e of entries) e.update(env);
}

const DEBOUNCE_MS = 250;

/**
 * Runs the callback job for the current params, at most one at a time, latest params winning.
 * `pending()` tells whether results for newer params are still to come; `settled()` resolves (and
 * `onSettled` is called) once they have come, so nothing is shown against constraints of older params.
 */
export class Callbacks {
  constructor({ entityId, getParams, onResults, onSettled = null }) {
    this.entityId = entityId;
    this.getParams = getParams;
    this.onResults = onResults;
    this.onSettled = onSettled;
    this.results = new Map();
    this.timer = 0;
    this.running = false;
    this.again = false;
    this.runs = 0;
    this.disposed = false;
    this.waiters = [];
  }

  /** The editor was rebuilt for other code (a hot reload): this parametrization's results are void. */
  dispose() {
    clearTimeout(this.timer);
    this.timer = 0;
    this.disposed = true;
    this.release();
  }

  /** Run for the params as they are after `delay` ms (a keystroke waits for the next; a commit does not). */
  schedule(delay = DEBOUNCE_MS) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.run();
    }, delay);
  }

  /** A change was committed while a keystroke's run waited: run it now. */
  flush() {
    if (this.timer) this.schedule(0);
  }

  /** Whether results for newer params are still to come (a run scheduled, running or to run again). */
  pending() {
    return !this.disposed && (Boolean(this.timer) || this.running || this.again);
  }

  /** Resolves once the results for the newest params have arrived (or their job failed). */
  settled() {
    return this.pending() ? new Promise((resolve) => this.waiters.push(resolve)) : Promise.resolve();
  }

  release() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  async run() {
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    document.documentElement.dataset.callbacks = "running";
    try {
      const job = await startAndWait(`/api/entities/${this.entityId}/callbacks`, { params: this.getParams() });
      if (this.disposed) return;
      if (job.status === "finished" && job.result) {
        this.results = new Map(Object.entries(job.result.values || {}));
        for (const w of job.result.warnings || []) console.warn(`callback ${w.path}.${w.attribute}: ${w.message}`);
        this.runs += 1;
        this.onResults(this.results);
      } else {
        console.warn("the callback job failed:", job.error?.message || job.status);
      }
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.run();
      } else {
        document.documentElement.dataset.callbacks = String(this.runs);
        if (!this.pending()) {
          this.release();
          if (!this.disposed) this.onSettled?.();
        }
      }
    }
  }
}
