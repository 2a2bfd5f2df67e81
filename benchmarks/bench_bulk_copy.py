"""``check``'s copy of an app folder that holds a committed virtual environment, against the same app without.

The app is a small one (app.py, a data file); the environment is real: ``python -m venv myenv`` (a
name of its own, so only its ``pyvenv.cfg`` tells what it is) plus numpy, ~100 MB. Timed, the copy
``viktorlite check`` makes before it starts a worker (:func:`viktorlite.cli.check._copy_app`, the
rule of :mod:`viktorlite.app.app_files`, which workers' private disks share):

* A: the baseline, the app without the environment;
* B: the app with the environment in its folder;
* C: for scale, B with the rule ``check`` had before (names only: .viktorlite, __pycache__, .venv, .git).

Runs are interleaved (A B C, then B C A, ...); medians are compared. The target is B ~ 1.0x A.

    .venv/bin/python benchmarks/bench_bulk_copy.py [--runs 5]
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

from viktorlite.cli.check import _copy_app

APP = "import viktor as vkt\n\n\nclass Controller(vkt.Controller):\n    pass\n"
OLD_RULE = shutil.ignore_patterns(".viktorlite", "__pycache__", ".venv", ".git")


def make_app(root: Path, name: str) -> Path:
    app = root / name
    app.mkdir()
    (app / "viktor.config.toml").write_text('app_type = "simple"\n')
    (app / "app.py").write_text(APP)
    (app / "table.csv").write_text("x,y\n" + "".join(f"{i},{i * i}\n" for i in range(1000)))
    return app


def add_environment(app: Path) -> int:
    """A real virtual environment with numpy in it; returns its size in bytes."""
    env = app / "myenv"
    subprocess.run([sys.base_prefix + "/bin/python3", "-m", "venv", str(env)], check=True)
    subprocess.run([str(env / "bin" / "pip"), "install", "-q", "numpy"], check=True, stdin=subprocess.DEVNULL)
    return sum(path.stat().st_size for path in env.rglob("*") if path.is_file() and not path.is_symlink())


def timed(copy: Callable[[Path], Path], parent: Path) -> float:
    start = time.perf_counter()
    target = copy(parent)
    elapsed = time.perf_counter() - start
    shutil.rmtree(target)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs of each kind (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as temp:
        root = Path(temp)
        plain = make_app(root, "plain_app")
        bulky = make_app(root, "bulky_app")
        size = add_environment(bulky)
        copies = root / "copies"
        copies.mkdir()

        def old_rule(parent: Path) -> Path:
            target = parent / "old-rule-copy"
            shutil.copytree(bulky, target, ignore=OLD_RULE)
            return target

        kinds: dict[str, Callable[[], float]] = {
            "A": lambda: timed(lambda parent: _copy_app(plain, parent), copies),
            "B": lambda: timed(lambda parent: _copy_app(bulky, parent), copies),
            "C": lambda: timed(old_rule, copies),
        }
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        order = list(kinds)
        for index in range(args.runs):
            for kind in order[index % len(order) :] + order[: index % len(order)]:
                times[kind].append(kinds[kind]())
                print(f"  run {index + 1} {kind}: {times[kind][-1] * 1000:.1f} ms", file=sys.stderr)
    a, b, c = (statistics.median(times[kind]) for kind in "ABC")
    rows = [
        ("baseline: check's copy of the app without an environment", a, ""),
        (f"the same app with a committed venv ({size / 1e6:.0f} MB, named myenv)", b, f" = {b / a:.2f}x"),
        ("for scale, with check's former rule (names only)", c, f" = {c / a:.0f}x"),
    ]
    width = max(len(label) for label, _, _ in rows) + 1
    for label, seconds, ratio in rows:
        print(f"{label + ':':<{width}} {seconds * 1000:9.1f} ms{ratio}")
    print(f"medians of {args.runs} interleaved runs each")


if __name__ == "__main__":
    main()
