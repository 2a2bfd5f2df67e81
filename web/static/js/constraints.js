// Evaluates the JSON form of parametrization constraints (docs/protocol.md) in the browser.
//
// Declarative ones (lookups, row lookups, boolean operators) are computed here on every input;
// an attribute that needs Python ({"callback": true} or a {"function_lookup": true} anywhere in
// it) takes the value the last callback job returned for it. viktorlite/protocol/constraints.py is the
// Python twin of this module (used to check posted params).

const FALLBACKS = { visible: true, enabled: true, min: null, max: null, value: null, options: null };

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

class Broken extends Error {}

/** Whether an attribute's value comes from a callback job. */
export function needsJob(expr) {
  if (Array.isArray(expr)) return expr.some(needsJob);
  if (!isObject(expr)) return false;
  if (expr.callback === true || expr.function_lookup === true) return true;
  return Array.isArray(expr.operands) && expr.operands.some(needsJob);
}

const bools = (op, values) => {
  if (!values.every((v) => typeof v === "boolean")) throw new Broken(`${op} needs booleans, got ${JSON.stringify(values)}`);
  return values;
};

const same = (a, b) => (isObject(a) || Array.isArray(a) || isObject(b) || Array.isArray(b)
  ? JSON.stringify(a) === JSON.stringify(b)
  : a === b || (a ?? null) === (b ?? null));

const OPS = {
  and: (v) => bools("And", v).every(Boolean),
  or: (v) => bools("Or", v).some(Boolean),
  not: (v) => !bools("Not", v)[0],
  eq: (v) => same(v[0], v[1]),
  ne: (v) => !same(v[0], v[1]),
  is_true: (v) => bools("IsTrue", v)[0] === true,
  is_false: (v) => bools("IsFalse", v)[0] === false,
  is_not_none: (v) => v[0] !== null && v[0] !== undefined,
};

function evaluate(expr, env) {
  if (Array.isArray(expr)) return expr.map((e) => evaluate(e, env));
  if (!isObject(expr)) return expr;
  if ("lookup" in expr) return env.lookup(String(expr.lookup));
  if ("row_lookup" in expr) {
    if (!env.row) throw new Broken(`RowLookup(${expr.row_lookup}) outside a DynamicArray row`);
    return env.row[expr.row_lookup] ?? null;
  }
  if ("op" in expr) {
    const op = OPS[expr.op];
    if (!op || !Array.isArray(expr.operands)) throw new Broken(`unknown operator ${expr.op}`);
    return op(expr.operands.map((o) => evaluate(o, env)));
  }
  return expr; // a plain object value (e.g. a colour or a point as an OutputField value)
}

const warned = new Set();

/**
 * The value of attribute `attr` of the item at `path`: `declared` is the node's JSON.
 * env: {lookup(path) -> value (throws on an unknown path), row, rowIndex, results: Map path -> attrs}.
 * A broken constraint warns once (console) and gives the attribute's documented fallback.
 */
export function attribute(declared, attr, path, env) {
  const fallback = FALLBACKS[attr] ?? null;
  if (declared === undefined) return fallback;
  if (needsJob(declared)) {
    const computed = env.results?.get(path);
    if (!computed || !(attr in computed)) return fallback;
    const value = computed[attr];
    if (isObject(value) && Array.isArray(value.per_row)) {
      return env.rowIndex === undefined || env.rowIndex === null ? fallback : (value.per_row[env.rowIndex] ?? fallback);
    }
    return value;
  }
  try {
    return evaluate(declared, env);
  } catch (err) {
    if (!(err instanceof Broken)) throw err;
    const key = `${path}.${attr}: ${err.message}`;
    if (!warned.has(key)) {
      warned.add(key);
      console.warn(`${path}: ${attr}: ${err.message}; using ${JSON.stringify(fallback)}`);
    }
    return fallback;
  }
}

/** A lookup function over stored params: accepts storage paths and attribute paths. */
export function lookupIn(getParams, attrToStorage, emptyOf) {
  return (target) => {
    const storage = attrToStorage.get(target) ?? target;
    if (!emptyOf.has(storage)) throw new Broken(`no field ${target}`);
    let cur = getParams();
    for (const key of storage.split(".")) {
      if (!isObject(cur) || !(key in cur)) return emptyOf.get(storage);
      cur = cur[key];
    }
    return cur;
  };
}

export { Broken };
