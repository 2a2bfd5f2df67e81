// The browser's constraint evaluator (web/static/js/constraints.js) against the shared vectors
// (tests/vectors/constraints.json), which both Python evaluators pass too (tests/protocol/test_constraints_vectors.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { Broken, Unknown, attribute, evaluate, lookupIn } from "../../web/static/js/constraints.js";

const { cases } = JSON.parse(readFileSync(new URL("../vectors/constraints.json", import.meta.url), "utf8"));

function envOf(vector) {
  const fields = vector.fields ?? Object.fromEntries(Object.keys(vector.params).map((k) => [k, null]));
  const lookup = lookupIn(() => vector.params, new Map(), new Map(Object.entries(fields)));
  return { lookup, row: vector.row ?? null };
}

for (const vector of cases) {
  test(vector.name, () => {
    const env = envOf(vector);
    if (vector.error === "broken") {
      assert.throws(() => evaluate(vector.constraint, env), Broken);
    } else if (vector.error === "needs_job") {
      assert.throws(() => evaluate(vector.constraint, env), Unknown);
    } else {
      assert.equal(vector.error, undefined, `unknown error kind ${vector.error}`);
      assert.deepStrictEqual(evaluate(vector.constraint, env), vector.expected);
    }
  });
}

test("the page's attribute() gives the fallback of a broken constraint and never evaluates a job's", () => {
  const warn = console.warn;
  console.warn = () => {};
  try {
    const env = { lookup: () => { throw new Broken("no field"); }, row: null, results: new Map() };
    assert.equal(attribute({ op: "eq", operands: [{ lookup: "x" }, 1] }, "visible", "a", env), true);
    assert.equal(attribute({ op: "not", operands: [] }, "min", "a", env), null);
    assert.equal(attribute({ function_lookup: true }, "visible", "a", env), true);
    env.results.set("a", { max: 10 });
    assert.equal(attribute({ op: "and", operands: [{ callback: true }] }, "max", "a", env), 10);
  } finally {
    console.warn = warn;
  }
});
