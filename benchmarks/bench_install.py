"""``viktorlite install`` of an app that uses numpy, pandas and plotly, against a plain pip install.

The app's requirements.txt is what an SDK app has: ``viktor==14.36.2``, numpy, pandas, plotly.
Timed, each from nothing (no environment left from an earlier run):

* A: ``viktorlite install APP`` (an environment with the app's requirements and the worker runtime);
* B: the baseline, ``python -m venv ENV && ENV/bin/pip install -r requirements.txt``: the same file
  into a fresh venv, as a user of the real SDK installs an app (it installs the real SDK);
* C: the same without the ``viktor`` line (numpy, pandas and plotly only): a stricter baseline.

Runs are interleaved (A B C, then B C A, ...) so a machine that gets busier or quieter shifts all
alike; medians are compared. Packages come from the machine's wheel folders and the package index,
the same for every run. The target is A <= 1.3x B.

    .venv/bin/python benchmarks/bench_install.py [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REQUIREMENTS = "viktor==14.36.2\nnumpy\npandas\nplotly\n"
APP = """\
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import viktor as vkt


class Parametrization(vkt.Parametrization):
    span = vkt.NumberField("Span", default=6, suffix="m")


class Controller(vkt.Controller):
    label = "Beam"
    parametrization = Parametrization

    @vkt.PlotlyView("Moments", duration_guess=1)
    def moments(self, params, **kwargs):
        x = np.linspace(0, params.span, 21)
        frame = pd.DataFrame({"x": x, "M": x * (params.span - x) / 2})
        return vkt.PlotlyResult(go.Figure(go.Scatter(x=frame["x"], y=frame["M"])))
"""


def make_app(root: Path) -> Path:
    app = root / "bench_app"
    app.mkdir()
    (app / "requirements.txt").write_text(REQUIREMENTS)
    (app / "viktor.config.toml").write_text('app_type = "simple"\n')
    (app / "app.py").write_text(APP)
    return app


def run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def viktorlite_install(app: Path, root: Path) -> float:
    shutil.rmtree(app / ".viktorlite", ignore_errors=True)
    start = time.perf_counter()
    run([sys.executable, "-P", "-m", "viktorlite", "install", str(app)], root)
    return time.perf_counter() - start


def plain_pip(requirements: Path, root: Path) -> float:
    env = root / "plain-env"
    shutil.rmtree(env, ignore_errors=True)
    start = time.perf_counter()
    run([sys.base_prefix + "/bin/python3", "-m", "venv", str(env)], root)
    run([str(env / "bin" / "pip"), "install", "-r", str(requirements)], root)
    elapsed = time.perf_counter() - start
    shutil.rmtree(env, ignore_errors=True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs of each kind (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-install-") as temp:
        root = Path(temp)
        app = make_app(root)
        without_sdk = root / "without-sdk.txt"
        without_sdk.write_text("".join(line + "\n" for line in REQUIREMENTS.splitlines() if "viktor" not in line))
        kinds: dict[str, Callable[[], float]] = {
            "A": lambda: viktorlite_install(app, root),
            "B": lambda: plain_pip(app / "requirements.txt", root),
            "C": lambda: plain_pip(without_sdk, root),
        }
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        order = list(kinds)
        for index in range(args.runs):
            for kind in order[index % len(order) :] + order[: index % len(order)]:
                times[kind].append(kinds[kind]())
                print(f"  run {index + 1} {kind}: {times[kind][-1]:.1f} s", file=sys.stderr)
    a, b, c = (statistics.median(times[kind]) for kind in "ABC")
    print(f"baseline: fresh venv + pip install -r requirements.txt ({', '.join(REQUIREMENTS.split())}): {b:.1f} s")
    print(f"viktorlite install of the same app:                        {a:.1f} s  = {a / b:.2f}x the baseline")
    print(f"stricter baseline, the same without the viktor line:       {c:.1f} s  (install = {a / c:.2f}x that)")
    print(f"medians of {args.runs} interleaved runs each; all times: " + ", ".join(
        f"{kind} {' '.join(f'{t:.1f}' for t in times[kind])}" for kind in "ABC"
    ))  # fmt: skip


if __name__ == "__main__":
    main()
