"""The size of an app's environment against a plain venv with only the app's own requirements.

The app needs numpy and plotly (its requirements.txt: ``viktor==14.36.2``, numpy, plotly; its code
imports both). Built, each from nothing:

* the baseline: ``python -m venv ENV && ENV/bin/pip install numpy plotly``, as a user makes one;
* ``viktorlite install APP``: the app's requirements, the worker runtime, viktorlite linked in.

Sizes are ``du -sb`` of each folder (the baseline's pip, and the bytecode pip compiles, count: that
is what such a venv is), then like for like (neither bytecode nor pip and setuptools: the app's
environment has no pip, and its workers compile what they import); also the packages each holds.
A size, not a time: one build of each suffices. The target is the app's environment <= 1.3x the
baseline.

    .venv/bin/python benchmarks/bench_env_size.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

REQUIREMENTS = "viktor==14.36.2\nnumpy\nplotly\n"
APP = """\
import numpy as np
import plotly.graph_objects as go
import viktor as vkt


class Controller(vkt.Controller):
    @vkt.PlotlyView("Parabola", duration_guess=1)
    def parabola(self, params, **kwargs):
        x = np.linspace(0, 6, 21)
        return vkt.PlotlyResult(go.Figure(go.Scatter(x=x, y=x * (6 - x) / 2)))
"""


def run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def size(folder: Path) -> int:
    return int(subprocess.run(["du", "-sb", str(folder)], capture_output=True, text=True, check=True).stdout.split()[0])


#: What a venv has for pip's sake, which an app environment needs not (viktorlite's pip installs into it).
INSTALLER = ("pip", "setuptools", "_distutils_hack", "distutils-precedence.pth")


def like_for_like(env: Path) -> int:
    """Bytes of files, without bytecode and the installer (the app environment has neither until it runs)."""
    total = 0
    for path in env.rglob("*"):
        if "__pycache__" in path.parts or not path.is_file() or path.is_symlink():
            continue
        site = next((i for i, part in enumerate(path.parts) if part == "site-packages"), None)
        if site is not None and len(path.parts) > site + 1 and path.parts[site + 1].split("-")[0] in INSTALLER:
            continue
        total += path.stat().st_size
    return total


def packages(env: Path) -> list[str]:
    sites = list(env.glob("lib/python3*/site-packages"))
    return sorted(d.metadata["Name"] for d in metadata.distributions(path=[str(site) for site in sites]))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-env-size-") as temp:
        root = Path(temp)
        app = root / "plot_app"
        app.mkdir()
        (app / "requirements.txt").write_text(REQUIREMENTS)
        (app / "viktor.config.toml").write_text('app_type = "simple"\n')
        (app / "app.py").write_text(APP)
        run([sys.executable, "-P", "-m", "viktorlite", "install", str(app)], root)
        plain = root / "plain-env"
        run([sys.base_prefix + "/bin/python3", "-m", "venv", str(plain)], root)
        run([str(plain / "bin" / "pip"), "install", "numpy", "plotly"], root)
        env = app / ".viktorlite" / "env"
        ours, theirs = size(env), size(plain)
        print(f"baseline: a venv with numpy and plotly:      {theirs / 1e6:.1f} MB, {len(packages(plain))} packages")
        print(f"viktorlite install of the numpy+plotly app:  {ours / 1e6:.1f} MB, {len(packages(env))} packages")
        print(f"ratio: {ours / theirs:.2f}x the baseline (target <= 1.3x)")
        mine, base = like_for_like(env), like_for_like(plain)
        print(
            f"like for like, without bytecode and pip/setuptools: {mine / 1e6:.1f} MB against {base / 1e6:.1f} MB"
            f" = {mine / base:.2f}x (workers byte-compile what they import)"
        )
        print(f"the app environment's packages: {', '.join(packages(env))}")
        print(f"the baseline's packages:        {', '.join(packages(plain))}")


if __name__ == "__main__":
    main()
