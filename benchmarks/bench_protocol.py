"""What validating the protocol's messages costs, in-process: a job's outcome as the worker writes it
and the web process reads it back, for a small DataResult and a large Plotly figure.

Baseline: the hand-built dicts (``json.dumps`` / ``json.loads``). Candidate: the same through the
models (validate, ``model_dump(exclude_unset=True)``, ``json.dumps``; ``json.loads`` then validate).
Rounds alternate baseline and candidate, order rotated (benchmarks/_interleaved.py).

    .venv/bin/python benchmarks/bench_protocol.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from typing import Any

from _interleaved import interleave, report, state_baseline

from viktorlite.protocol.outcome import OUTCOME, outcome_json


def outcome_of(result: dict[str, Any]) -> dict[str, Any]:
    return {"worker": "worker-1", "ok": True, "result": result, "messages": []}


def small() -> dict[str, Any]:
    item = {"key": "a", "label": "A", "value": 1.5, "prefix": "", "suffix": "m", "number_of_decimals": 2,
            "status": "info", "status_message": "", "explanation_label": "", "subgroup": None}  # fmt: skip
    return outcome_of({"type": "DataResult", "data": [dict(item, key=str(n)) for n in range(20)]})


def large() -> dict[str, Any]:
    points = [random.random() for _ in range(200_000)]
    return outcome_of({"type": "PlotlyResult", "figure": {"data": [{"type": "scatter", "x": points, "y": points}]}})


def baseline(outcome: dict[str, Any]) -> None:
    json.loads(json.dumps(outcome))


def candidate(outcome: dict[str, Any]) -> None:
    OUTCOME.validate_python(json.loads(json.dumps(outcome_json(OUTCOME.validate_python(outcome)))))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--quick", action="store_true", help="make bench's run (the same: it takes seconds)")
    args = parser.parse_args()
    state_baseline("the hand-built outcome dicts through json.dumps / json.loads, no models")
    for name, outcome, repeat in (("DataResult, 20 items", small(), 500), ("Plotly, 200k points", large(), 2)):

        def theirs(outcome: dict[str, Any] = outcome, repeat: int = repeat) -> float:
            started = time.perf_counter()
            for _ in range(repeat):
                baseline(outcome)
            return (time.perf_counter() - started) / repeat

        def ours(outcome: dict[str, Any] = outcome, repeat: int = repeat) -> float:
            started = time.perf_counter()
            for _ in range(repeat):
                candidate(outcome)
            return (time.perf_counter() - started) / repeat

        report("bench_protocol", f"outcome through the models, {name}", interleave(theirs, ours, args.rounds))


if __name__ == "__main__":
    main()
