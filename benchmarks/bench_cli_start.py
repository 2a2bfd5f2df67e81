"""How long ``viktorlite --help`` takes, against ``python -c pass`` (the interpreter's own start-up).

The target is ``viktorlite --help`` <= 0.3 s: the command line imports its commands' modules
only when one runs (redis, pydantic, the workers and the web process are loaded late). Runs
alternate baseline and candidate, run by run, on the same interpreter; medians are compared.

    .venv/bin/python benchmarks/bench_cli_start.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

BASELINE = [sys.executable, "-c", "pass"]
HELP = [sys.executable, "-P", "-m", "viktorlite", "--help"]


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    timed(HELP)  # warm the file cache (and the bytecode cache) once
    baseline: list[float] = []
    candidate: list[float] = []
    for run in range(runs):
        pair = [(baseline, BASELINE), (candidate, HELP)]
        for results, argv in pair if run % 2 == 0 else reversed(pair):
            results.append(timed(argv))
    base, help_ = statistics.median(baseline), statistics.median(candidate)
    print(f"python -c pass:     median {base * 1000:6.1f} ms over {runs} runs")
    print(f"viktorlite --help:  median {help_ * 1000:6.1f} ms over {runs} runs (target <= 300 ms)")
    print(f"ratio --help / pass: {help_ / base:.2f}x")


if __name__ == "__main__":
    main()
