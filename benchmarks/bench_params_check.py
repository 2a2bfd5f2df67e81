"""The web process's params check against ``json.loads`` of the same body (issue 22, item 6).

Two bodies: 2,000 number fields, and a table of 5,000 rows (a number, an option, a text). The
check runs on the decoded params with the entity type's checker built (the web process builds it
once per published manifest); the target is at most 2x the decode. Runs alternate
(benchmarks/_interleaved.py).

    .venv/bin/python benchmarks/bench_params_check.py [--rounds 30] [--quick]
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from _interleaved import interleave, quick, report, state_baseline

from viktorlite.protocol.params_check import check_params


def fields(count: int) -> tuple[dict[str, Any], dict[str, Any]]:
    items = [
        {"kind": "field", "type": "NumberField", "path": f"f{i}", "storage": f"f{i}", "min": 0, "max": 10**6}
        for i in range(count)
    ]
    return {"items": items}, {f"f{i}": i for i in range(count)}


def rows(count: int) -> tuple[dict[str, Any], dict[str, Any]]:
    columns = [
        {"kind": "field", "type": "NumberField", "name": "a", "min": 0},
        {"kind": "field", "type": "OptionField", "name": "b", "options": [{"value": f"o{j}"} for j in range(20)]},
        {"kind": "field", "type": "TextField", "name": "c"},
    ]
    schema = {"items": [{"kind": "field", "type": "Table", "path": "t", "storage": "t", "items": columns}]}
    return schema, {"t": [{"a": i, "b": f"o{i % 20}", "c": "x"} for i in range(count)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="10 rounds (make bench)")
    args = parser.parse_args()
    rounds = 10 if args.quick or quick() else args.rounds
    state_baseline("json.loads of the same request body, in the same process")
    for name, (schema, params) in (("2,000 fields", fields(2000)), ("5,000 table rows", rows(5000))):
        body = json.dumps(params)
        assert check_params(schema, params) == []  # builds and keeps the checker, as the web process does

        def decode(body: str = body) -> float:
            start = time.perf_counter()
            for _ in range(5):
                json.loads(body)
            return time.perf_counter() - start

        def check(schema: dict[str, Any] = schema, params: dict[str, Any] = params) -> float:
            start = time.perf_counter()
            for _ in range(5):
                check_params(schema, params)
            return time.perf_counter() - start

        report("bench_params_check", f"params check of {name} (x5)", interleave(decode, check, rounds))


if __name__ == "__main__":
    main()
