"""``make bench``: run every interleaved benchmark and write their rows as a Markdown table.

Each script runs in its own process (``BENCH_QUICK=1`` with ``--quick``: a few minutes for all) and
appends its rows to ``build/bench.jsonl`` through benchmarks/_interleaved.py; the table goes to
``build/bench.md``, each script's log (stderr) to ``build/bench-logs/``.

    .venv/bin/python benchmarks/run_all.py [--full] [--only bench_storage ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUILD = HERE.parent / "build"
BENCHMARKS = [
    "bench_protocol",
    "bench_memoize",
    "bench_storage",
    "bench_job_roundtrip",
    "bench_large_params",
    "bench_redis_connect",
    "bench_view_jobs",
    "bench_http_sse_latency",
    "bench_throughput",
    "bench_spare_horse",
    "bench_hiredis",
    "bench_large_result",
    "bench_params_check",
    "bench_blob_store",
    "bench_editor_latency",  # Chromium, ~1 min quick
    "bench_entity_pages",
    "bench_dynamic_array_save",
    "bench_dashboard",
    "bench_startup",  # subprocesses: --help, the web import, serve to a ready editor (~1 min quick)
]
"""The scripts on the shared helper. By hand: bench_production (its latency and throughput rows are
bench_http_sse_latency and bench_throughput; it adds idle memory and abandoned jobs), bench_job_commands
(a count of Redis commands, not a ratio), and the others (install, env size, bulk copy, geometry, isolation,
reload, editor inputs, spreadsheet, entities, results) take minutes each or need Chromium or
LibreOffice; run them by hand."""


def table(rows: list[dict]) -> str:
    lines = [
        "| benchmark | measurement | baseline median | candidate median | ratio | load before -> after |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        base, cand = statistics.median(row["baseline"]) * 1e3, statistics.median(row["candidate"]) * 1e3
        lines.append(
            f"| {row['benchmark']} | {row['name']} | {base:.2f} ms | {cand:.2f} ms | {row['verdict']} | "
            f"{row['load_before']:.1f} -> {row['load_after']:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="the scripts' full runs (much longer)")
    parser.add_argument("--only", nargs="*", default=None, help="run only these scripts")
    args = parser.parse_args()
    BUILD.mkdir(exist_ok=True)
    (BUILD / "bench-logs").mkdir(exist_ok=True)
    record = BUILD / "bench.jsonl"
    record.unlink(missing_ok=True)
    env = dict(os.environ, BENCH_RECORD=str(record))
    if not args.full:
        env["BENCH_QUICK"] = "1"
    failed = []
    for name in args.only or BENCHMARKS:
        started = time.monotonic()
        print(f"== {name}", flush=True)
        with open(BUILD / "bench-logs" / f"{name}.log", "w", encoding="utf-8") as log:
            argv = [sys.executable, str(HERE / f"{name}.py")] + ([] if args.full else ["--quick"])
            if subprocess.run(argv, cwd=HERE, env=env, stderr=log, check=False).returncode != 0:
                failed.append(name)
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    rows = [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
    load = os.getloadavg()
    heading = f"Benchmarks ({'full' if args.full else 'quick'} runs, {os.cpu_count()} cores, load {load[0]:.1f})"
    text = f"# {heading}\n\n{table(rows)}"
    if failed:
        text += f"\nFailed (see build/bench-logs/): {', '.join(failed)}\n"
    (BUILD / "bench.md").write_text(text)
    print(text)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
