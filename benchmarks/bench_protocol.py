"""What validating the protocol's messages costs, in-process: a job's outcome as the worker writes it
and the web process reads it back, for a small DataResult and a large Plotly figure.

Baseline: the hand-built dicts (``json.dumps`` / ``json.loads``). Candidate: the same through the
models (validate, ``model_dump(exclude_unset=True)``, ``json.dumps``; ``json.loads`` then validate).
Rounds alternate baseline and candidate; the ratio is candidate / baseline of the medians.

    .venv/bin/python benchmarks/bench_protocol.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

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


def timed(run: Callable[[dict[str, Any]], None], outcome: dict[str, Any], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        run(outcome)
    return (time.perf_counter() - started) / repeat


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    for name, outcome, repeat in (("DataResult, 20 items", small(), 2000), ("Plotly, 200k points", large(), 3)):
        base: list[float] = []
        cand: list[float] = []
        for _ in range(args.rounds):
            base.append(timed(baseline, outcome, repeat))
            cand.append(timed(candidate, outcome, repeat))
        b, c = statistics.median(base), statistics.median(cand)
        print(f"{name}: dicts {b * 1e3:.3f} ms, models {c * 1e3:.3f} ms, ratio {c / b:.2f}")


if __name__ == "__main__":
    main()
