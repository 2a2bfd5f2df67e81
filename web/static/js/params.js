// Params in their stored form: nested objects keyed by the parts of a dotted storage path.

const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

export function getPath(obj, path) {
  let cur = obj;
  for (const key of path.split(".")) {
    if (!isPlainObject(cur) || !(key in cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export function setPath(obj, path, value) {
  const keys = path.split(".");
  let cur = obj;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(cur[key])) cur[key] = {};
    cur = cur[key];
  }
  cur[keys[keys.length - 1]] = value;
}

export function clone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** `over` merged over `base` (objects merge recursively; anything else in `over` wins). */
export function deepMerge(base, over) {
  const out = isPlainObject(base) ? clone(base) : {};
  if (!isPlainObject(over)) return out;
  for (const [key, value] of Object.entries(over)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : clone(value);
  }
  return out;
}

/** A value the app computes at run time; the editor treats it as absent. */
export const isDynamic = (v) => isPlainObject(v) && v.dynamic === true;

/** `v` unless it is dynamic or null/undefined, else `fallback`. */
export const staticOr = (v, fallback) => (v === null || v === undefined || isDynamic(v) ? fallback : v);
