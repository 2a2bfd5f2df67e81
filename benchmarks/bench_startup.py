"""Start-up (issue 18, item 4): ``viktorlite --help``, the web process's imports, ``serve`` to a ready editor.

Three rows, each against a baseline measured in the same run, alternating run by run:

- ``viktorlite --help`` against ``python -c pass`` (the interpreter's own start; target <= 0.3 s);
- ``import viktorlite.web.app`` against ``import uvicorn, starlette`` alone (what the web process
  adds to the framework it runs on: it should load no SDK, numpy or plotly);
- ``viktorlite serve`` from nothing to a ready editor with the manifest (``GET /api/app`` answered
  200, so a worker published the app, and ``GET /`` answered 200), against uvicorn serving a
  one-route Starlette app until its first 200 (target: serve <= 2 s).

``python -X importtime -m viktorlite --help`` shows where the rest goes.

    .venv/bin/python benchmarks/bench_startup.py [--runs 10] [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from _interleaved import interleave, quick, report, state_baseline

HERE = Path(__file__).resolve().parent
CALCULATOR = HERE.parent / "tests" / "apps" / "calculator"
PYTHON = sys.executable
DEADLINE = 120.0
HELLO_APP = (
    "from starlette.applications import Starlette\n"
    "from starlette.responses import PlainTextResponse\n"
    "from starlette.routing import Route\n"
    "async def hello(request):\n    return PlainTextResponse('hi')\n"
    "app = Starlette(routes=[Route('/', hello)])\n"
)


def run(argv: list[str]) -> None:
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answered(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own local server
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def time_until_ready(argv: list[str], urls: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Seconds from starting ``argv`` until every url answers 200; the process is stopped after."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        pending = list(urls)
        while pending:
            if process.poll() is not None:
                raise RuntimeError(f"{argv[:4]} exited with {process.returncode} before it was ready")
            if time.perf_counter() - started > DEADLINE:
                raise RuntimeError(f"{argv[:4]} not ready within {DEADLINE} s")
            if answered(pending[0]):
                pending.pop(0)
            else:
                time.sleep(0.005)
        return time.perf_counter() - started
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="fewer runs (make bench)")
    args = parser.parse_args()
    short = args.quick or quick()
    runs = 5 if short else args.runs
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    env.pop("BENCH_RECORD", None)

    state_baseline("python -c pass / import uvicorn+starlette / uvicorn serving a one-route app (same run)")
    help_ = interleave(lambda: run([PYTHON, "-c", "pass"]), lambda: run([PYTHON, "-m", "viktorlite", "--help"]), runs)
    report("bench_startup", "viktorlite --help vs python -c pass", help_)
    print(f"  viktorlite --help median {statistics.median(help_.candidate) * 1e3:.0f} ms (target <= 300 ms)")

    web = interleave(
        lambda: run([PYTHON, "-c", "import uvicorn, starlette.applications"]),
        lambda: run([PYTHON, "-c", "import uvicorn, viktorlite.web.app"]),
        runs,
    )
    report("bench_startup", "import viktorlite.web.app vs uvicorn+starlette alone", web)

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        app_dir = root / "calculator"
        shutil.copytree(CALCULATOR, app_dir)
        (root / "hello.py").write_text(HELLO_APP)
        counter = iter(range(10_000))

        def serve() -> float:
            port = free_port()
            data = root / f"data-{next(counter)}"
            argv = [PYTHON, "-m", "viktorlite", "serve", str(app_dir), "--port", str(port), "--data-dir", str(data)]
            base = f"http://127.0.0.1:{port}"
            return time_until_ready(argv, [f"{base}/api/app", f"{base}/"], root, env)

        def bare() -> float:
            port = free_port()
            argv = [PYTHON, "-m", "uvicorn", "hello:app", "--port", str(port), "--log-level", "warning"]
            return time_until_ready(argv, [f"http://127.0.0.1:{port}/"], root, env)

        serve_runs = 3 if short else max(3, args.runs // 2)
        cold = interleave(bare, serve, serve_runs, warmup=1)
        report("bench_startup", "serve to a ready editor with the manifest vs uvicorn hello app", cold)
        print(f"  serve to ready median {statistics.median(cold.candidate):.2f} s (target <= 2 s)")


if __name__ == "__main__":
    main()
