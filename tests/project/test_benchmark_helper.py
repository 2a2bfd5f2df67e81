"""The benchmarks' shared helper: its statistics, its run order and its refusal rule (no timing asserted)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

HELPER = Path(__file__).resolve().parents[2] / "benchmarks" / "_interleaved.py"
_spec = importlib.util.spec_from_file_location("_interleaved", HELPER)
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
sys.modules["_interleaved"] = bench
_spec.loader.exec_module(bench)


def comparison(baseline: list[float], candidate: list[float]) -> bench.Comparison:
    return bench.Comparison(baseline, candidate, 0.5, 0.6)


def test_percentile_is_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 21)]  # 1..20
    assert bench.percentile(samples, 0.5) == 10.0
    assert bench.percentile(samples, 0.95) == 19.0
    assert bench.percentile(samples, 1.0) == 20.0
    assert bench.percentile([3.0], 0.95) == 3.0


def test_ratio_is_candidate_median_over_baseline_median() -> None:
    result = comparison([2.0, 2.0, 2.0, 2.0, 100.0], [4.0, 4.0, 4.0, 4.0, 5.0])  # medians 2 and 4, outliers aside
    assert result.ratio == pytest.approx(4.0 / 2.0)
    assert result.stable
    assert result.verdict() == "2.00x"


def test_halves_that_disagree_by_more_than_a_fifth_refuse_a_ratio() -> None:
    # first half: candidate 2x the baseline; second half: 3x (the load changed under the run)
    result = comparison([1.0, 1.0, 1.0, 1.0], [2.0, 2.0, 3.0, 3.0])
    assert result.halves() == (2.0, 3.0)
    assert result.disagreement == pytest.approx(0.5)
    assert not result.stable
    assert result.verdict() == "unstable: halves disagree by 50 %"


def test_halves_within_a_fifth_give_a_ratio() -> None:
    result = comparison([1.0, 1.0, 1.0, 1.0], [2.0, 2.0, 2.3, 2.3])
    assert result.disagreement == pytest.approx(0.15)
    assert result.stable
    assert result.verdict().endswith("x")


def test_sides_alternate_with_rotated_order_and_warmup_discarded() -> None:
    calls: list[str] = []
    seconds = iter(range(1, 100))

    def side(name: str) -> bench.Run:
        def run() -> float:
            calls.append(name)
            return float(next(seconds))  # a side may report its own seconds

        return run

    result = bench.interleave(side("A"), side("B"), runs=3, warmup=2)
    assert calls == ["A", "B", "B", "A", "A", "B", "B", "A", "A", "B"]
    # the first two pairs (values 1..4) are the warm-up
    assert result.baseline == [5.0, 8.0, 9.0]
    assert result.candidate == [6.0, 7.0, 10.0]
    assert result.load_before >= 0 and result.load_after >= 0


def test_report_prints_both_sides_and_records_the_row(tmp_path: Path, monkeypatch, capsys) -> None:
    record = tmp_path / "bench.jsonl"
    monkeypatch.setenv("BENCH_RECORD", str(record))
    bench.report("bench_x", "no-op job", comparison([0.010, 0.012], [0.020, 0.024]))
    printed = capsys.readouterr().out
    assert "baseline median 11.00 ms" in printed and "candidate median 22.00 ms" in printed
    assert "2.00x" in printed and "load 0.50 -> 0.60" in printed
    (row,) = [json.loads(line) for line in record.read_text().splitlines()]
    assert row["benchmark"] == "bench_x" and row["verdict"] == "2.00x"
    bench.report("bench_x", "drifting", comparison([1.0, 1.0], [1.0, 2.0]))
    assert "unstable: halves disagree by 100 %" in capsys.readouterr().out
