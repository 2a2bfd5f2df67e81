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

/**
 * `eq` as the SDK means it (docs/protocol.md): a bool is never a number, numbers by value, lists in
 * order, objects whatever their key order, the same rule all the way down.
 */
export function same(a, b) {
  a = a ?? null;
  b = b ?? null;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length
      && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]));
  }
  return a === b;
}

// operator -> [number of operands (null: any), what it computes]
const OPS = {
  and: [null, (v) => bools("and", v).every(Boolean)],
  or: [null, (v) => bools("or", v).some(Boolean)],
  not: [1, (v) => !bools("not", v)[0]],
  eq: [2, (v) => same(v[0], v[1])],
  ne: [2, (v) => !same(v[0], v[1])],
  is_true: [1, (v) => v[0] === true],
  is_false: [1, (v) => v[0] === false],
  is_not_none: [1, (v) => v[0] !== null && v[0] !== undefined],
};

/** Only a callback job can tell (a callback or a FunctionLookup in the expression). */
class Unknown extends Error {}

function evaluateIn(expr, env) {
  if (Array.isArray(expr)) return expr.map((e) => evaluateIn(e, env));
  if (!isObject(expr)) return expr;
  if ("lookup" in expr) return env.lookup(String(expr.lookup));
  if ("row_lookup" in expr) {
    if (!env.row) throw new Broken(`RowLookup(${expr.row_lookup}) outside a DynamicArray row`);
    return env.row[expr.row_lookup] ?? null;
  }
  if ("op" in expr) {
    if (!Array.isArray(expr.operands)) throw new Broken(`operator ${expr.op} without a list of operands`);
    const entry = Object.prototype.hasOwnProperty.call(OPS, expr.op) ? OPS[expr.op] : undefined;
    if (!entry) throw new Broken(`unknown operator ${expr.op}`);
    const [arity, apply] = entry;
    if (arity !== null && expr.operands.length !== arity) {
      throw new Broken(`${expr.op} takes ${arity} operand(s), got ${expr.operands.length}`);
    }
    return apply(expr.operands.map((o) => evaluateIn(o, env)));
  }
  return expr; // a plain object value (e.g. a colour or a point as an OutputField value)
}

/**
 * The value of a constraint (viktorlite/protocol/constraints.py `evaluate`): env {lookup, row}.
 * Throws Unknown when it needs a callback job, Broken when it cannot work.
 */
export function evaluate(expr, env) {
  if (needsJob(expr)) throw new Unknown("needs a callback job");
  return evaluateIn(expr, env);
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

export { Broken, Unknown };
