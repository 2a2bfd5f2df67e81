"""Saving a DynamicArray of 5,000 rows (``PUT /api/entities/{id}/params``), against the Redis + JSON floor.

Baseline: in process, what a save must do at least: decode the body's JSON, encode the params again,
RPUSH the text to Redis. Candidate: the same body PUT to a real ``viktorlite web`` (the params checked
against the parametrization, the revision appended, the change announced). Alternating run by run.
Target: <= 2x the floor.

    .venv/bin/python benchmarks/bench_dynamic_array_save.py [--quick] [--rows 5000]
"""

from __future__ import annotations

import argparse
import json
import sys

import httpx2
import redis
from _apps import served_apps
from _interleaved import interleave, quick, report, state_baseline

APP = """import viktor as vkt

class P(vkt.Parametrization):
    table = vkt.DynamicArray("Table")
    table.a = vkt.NumberField("A")
    table.b = vkt.NumberField("B", min=0)
    table.c = vkt.TextField("C")
    table.d = vkt.BooleanField("D")
    table.e = vkt.OptionField("E", options=["x", "y"])

class Table(vkt.Controller):
    parametrization = P
"""


def table_rows(count: int) -> list[dict[str, object]]:
    """``count`` rows of :data:`APP`'s table, each column filled."""
    return [{"a": i, "b": i * 1.5, "c": f"row {i}", "d": i % 2 == 0, "e": "x"} for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    runs = 8 if args.quick or quick() else args.runs
    state_baseline("in-process Redis + JSON floor: json.loads of the body, json.dumps of the params, RPUSH")
    with served_apps("vl-bench-save-") as apps:
        _, url = apps.serve("save", APP)
        client = redis.Redis.from_url(apps.redis_url)
        http = httpx2.Client(base_url=url, timeout=120)
        entity = http.post("/api/entities", json={"entity_type": "Table", "name": "T"}).json()
        body = json.dumps({"params": {"table": table_rows(args.rows)}}).encode()
        headers = {"content-type": "application/json"}

        def floor() -> None:
            client.rpush("bench:floor", json.dumps(json.loads(body)["params"]))

        def save() -> None:
            response = http.put(f"/api/entities/{entity['id']}/params", content=body, headers=headers)
            assert response.status_code == 200, response.text

        report("bench_dynamic_array_save", f"save a DynamicArray of {args.rows} rows", interleave(floor, save, runs))


if __name__ == "__main__":
    sys.exit(main())
