"""The shared constraint vectors (tests/vectors/constraints.json) against all three evaluators.

The web process's (viktorlite.protocol.constraints), the SDK's as a callback job runs it (SDK
objects built from the JSON form, which they must serialise back to), and the browser's
(web/static/js/constraints.js, by ``node --test tests/js/``).
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from viktorlite.protocol.constraints import Broken, Unknown, evaluate, lookup_in
from viktorlite.sdk import parametrization as vp
from viktorlite.sdk.parametrization._base import SchemaContext
from viktorlite.sdk.parametrization.constraints import ConstraintError, Env, _json, needs_job
from viktorlite.sdk.parametrization.constraints import evaluate as sdk_evaluate

ROOT = Path(__file__).resolve().parents[2]
CASES: list[dict[str, Any]] = json.loads((ROOT / "tests" / "vectors" / "constraints.json").read_text())["cases"]
IDS = [case["name"] for case in CASES]


def _fields(case: dict[str, Any]) -> dict[str, Any]:
    return case.get("fields", {key: None for key in case["params"]})


def _canonical(value: Any) -> str:
    """JSON text that tells true from 1 but not key orders apart."""
    return json.dumps(value, sort_keys=True)


def test_vectors_are_well_formed():
    assert len(set(IDS)) == len(IDS)
    for case in CASES:
        assert ("expected" in case) != ("error" in case), case["name"]
        assert case.get("error") in (None, "broken", "needs_job"), case["name"]
    operators = {c["constraint"].get("op") for c in CASES if isinstance(c["constraint"], dict)}
    assert {"and", "or", "not", "eq", "ne", "is_true", "is_false", "is_not_none"} <= operators


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_web_evaluator(case):
    lookup = lookup_in(case["params"], {}, _fields(case))
    if case.get("error") == "broken":
        with pytest.raises(Broken):
            evaluate(case["constraint"], lookup, case.get("row"))
    elif case.get("error") == "needs_job":
        with pytest.raises(Unknown):
            evaluate(case["constraint"], lookup, case.get("row"))
    else:
        assert _canonical(evaluate(case["constraint"], lookup, case.get("row"))) == _canonical(case["expected"])


_SDK_OPERATORS = {
    "and": vp.And,
    "or": vp.Or,
    "not": vp.Not,
    "eq": vp.IsEqual,
    "ne": vp.IsNotEqual,
    "is_true": vp.IsTrue,
    "is_false": vp.IsFalse,
    "is_not_none": vp.IsNotNone,
}


def _sdk(expr: Any, row_prefix: bool) -> Any:
    """The SDK objects an app would write for this JSON form."""
    if isinstance(expr, list):
        return [_sdk(e, row_prefix) for e in expr]
    if not isinstance(expr, dict):
        return expr
    if "lookup" in expr:
        return vp.Lookup(expr["lookup"])
    if "row_lookup" in expr:
        return vp.Lookup(f"$row.{expr['row_lookup']}") if row_prefix else vp.RowLookup(expr["row_lookup"])
    if "op" in expr:
        return _SDK_OPERATORS[expr["op"]](*(_sdk(o, row_prefix) for o in expr["operands"]))
    if expr.get("function_lookup") is True:
        return vp.FunctionLookup(lambda: None)
    if expr.get("callback") is True:
        return lambda params, **kwargs: None
    return expr


def _targets(expr: Any, kind: str) -> set[str]:
    """The targets of every ``lookup`` or ``row_lookup`` (``kind``) in ``expr``."""
    if isinstance(expr, list):
        return set().union(*(_targets(e, kind) for e in expr))
    if not isinstance(expr, dict):
        return set()
    if kind in expr:
        return {expr[kind]}
    return _targets(expr.get("operands") or [], kind)


def _plain_objects(expr: Any) -> bool:
    if isinstance(expr, list):
        return any(map(_plain_objects, expr))
    if not isinstance(expr, dict):
        return False
    if "op" in expr:
        return _plain_objects(expr["operands"])
    return not ({"lookup", "row_lookup", "callback", "function_lookup"} & expr.keys())


def _filled(params: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """Params as a job sees them: every field there, missing ones with their empty value."""
    params = copy.deepcopy(params)
    for storage, empty in fields.items():
        *groups, key = storage.split(".")
        where = params
        for group in groups:
            where = where.setdefault(group, {})
        where.setdefault(key, empty)
    return params


SDK_CASES = [case for case in CASES if not case.get("wire_only")]


@pytest.mark.parametrize("row_prefix", [False, True], ids=["RowLookup", "Lookup($row)"])
@pytest.mark.parametrize("case", SDK_CASES, ids=[case["name"] for case in SDK_CASES])
def test_sdk_evaluator(case, row_prefix):
    value = _sdk(case["constraint"], row_prefix)
    fields = _fields(case)
    if not _plain_objects(case["constraint"]):  # the SDK serialises these objects to this JSON form
        targets = {*fields, *_targets(case["constraint"], "lookup")}  # a Lookup of no field is refused earlier
        ctx = SchemaContext(
            fields={t: t for t in targets},
            array="rows",
            row_fields=frozenset(_targets(case["constraint"], "row_lookup")),
        )
        assert _json(value, ctx) == case["constraint"]
    if case.get("error") == "needs_job":
        assert needs_job(value)
        return
    assert not needs_job(value)
    env = Env(_filled(case["params"], fields), {}, lambda function: pytest.fail("no callback here"), case.get("row"))
    if case.get("error") == "broken":
        with pytest.raises(ConstraintError):
            sdk_evaluate(value, env)
    else:
        assert _canonical(sdk_evaluate(value, env)) == _canonical(case["expected"])


def test_browser_evaluator():
    """`node --test tests/js/`: the real web/static/js/constraints.js against the same vectors."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (`make test` installs it with npm); the browser evaluator is untested")
    run = subprocess.run([node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
