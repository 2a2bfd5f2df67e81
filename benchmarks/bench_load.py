"""Many simulated editors against 1/2/4 web processes x 1/2/4 workers (issue 20, item 4).

Locust (benchmarks/locust_editors.py; ``pip install 'viktorlite[bench]'``) runs ``--users`` editors,
each in a loop: create an entity, save its params, POST a view job, follow it over SSE to its end.
The web tier is a real ``viktorlite web --workers W``; the workers a real pool of K processes on the
same embedded Redis. Every (W, K) cell runs once per round, the rounds in alternating order, and
each cell's throughput is divided by that of 1 web x 1 worker *in the same round*; the table gives
the medians over the rounds. Locust itself runs on the same machine (one core at most).

``--flow browse`` runs Locust's ``Browser`` instead: the web tier alone (entity pages, one entity,
the manifest; no job) against 1/2/4 web processes, on 500 entities made first.

    .venv/bin/python benchmarks/bench_load.py [--quick] [--rounds 3] [--seconds 30] [--users 32] [--flow browse]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2
import redis
from _interleaved import cpu_seconds, embedded_redis, quick
from bench_production import CALCULATOR
from polling import wait
from rq import Queue, Worker

from viktorlite.cli.embedded_redis import free_port
from viktorlite.processes import ManagedProcess
from viktorlite.store.manifest import read_manifest
from viktorlite.workers import job_tree
from viktorlite.workers.job_tree import process_table
from viktorlite.workers.pool import WorkerPool

HERE = Path(__file__).resolve().parent
LOCUST = Path(sys.executable).parent / "locust"
WEB = (1, 2, 4)
WORKERS = (1, 2, 4)
#: Locust's user class for each ``--flow`` (benchmarks/locust_editors.py).
FLOWS = {"edit": "Editor", "browse": "Browser"}
BROWSED_ENTITIES = 500


@dataclass(frozen=True)
class Cell:
    flows_per_second: float
    p50_ms: float
    p95_ms: float
    failures: int
    #: Cores each part kept busy during the run (CPU seconds / wall seconds): web, workers, Redis, Locust.
    cores: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


def descendants(pids: Iterable[int]) -> list[int]:
    """``pids`` and every process below them (a worker's spare horses and their children)."""
    table = process_table()
    found = list(pids)
    for pid in list(found):
        found.extend(job_tree.descendants(pid, table))
    return found


@contextmanager
def worker_pool(url: str, workdir: Path, workers: int) -> Iterator[tuple[Path, WorkerPool]]:
    """A copy of the calculator app served by ``workers`` workers; yields its folder."""
    app_dir = workdir / f"calculator-{workers}"
    shutil.copytree(CALCULATOR, app_dir)
    pool = WorkerPool(app_dir, url, workdir / f"data-{workers}", workers, production=True)
    pool.start()
    try:
        connection = redis.Redis.from_url(url)
        wait(lambda: read_manifest(connection, app_dir.name) is not None, timeout=120)
        queue = Queue(f"viktorlite.{app_dir.name}", connection=connection)
        wait(lambda: len(Worker.all(queue=queue)) >= workers, timeout=120)
        yield app_dir, pool
    finally:
        pool.stop()


def web_pids(base: str) -> set[int]:
    def ask(_: int) -> int:
        return int(httpx2.get(base + "/healthz", timeout=30).json()["pid"])

    try:
        with ThreadPoolExecutor(8) as pool:
            return set(pool.map(ask, range(16)))
    except (httpx2.HTTPError, ValueError, KeyError):
        return set()


@contextmanager
def web_tier(url: str, app_dir: Path, processes: int) -> Iterator[tuple[str, list[int]]]:
    """``viktorlite web --workers processes``, once every process answers; yields its URL."""
    port = free_port()
    argv = [sys.executable, "-P", "-m", "viktorlite", "web", str(app_dir), "--port", str(port)]
    web = ManagedProcess("web", [*argv, "--workers", str(processes)], env={**os.environ, "VIKTORLITE_REDIS_URL": url})
    web.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait(lambda: len(web_pids(base)) == processes, timeout=120)
        processes_of_web = descendants([web.pid or 0])  # the supervisor only waits; with one process, it serves
        yield base, processes_of_web
    finally:
        web.stop()


def run_locust(
    base: str, users: int, seconds: float, out: Path, parts: list[tuple[list[int], bool]], user_class: str
) -> Cell:
    """One Locust run against ``base``; ``parts``: the web, worker and Redis pids (and whether their
    ended children count), whose CPU use during the run the cell reports."""
    prefix = out / "locust"
    argv = [str(LOCUST), "-f", str(HERE / "locust_editors.py"), user_class, "--headless", "--host", base]
    argv += ["-u", str(users), "-r", str(users), "-t", f"{round(seconds)}s", "--reset-stats", "--csv", str(prefix)]
    argv += ["--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    log = out / "locust.log"
    before = [cpu_seconds(pids, reaped=reaped) for pids, reaped in parts]
    locust_before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    with open(log, "wb") as output:
        subprocess.run(argv, check=True, stdout=output, stderr=subprocess.STDOUT, timeout=seconds + 120)
    wall, locust_after = time.monotonic() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    used = [cpu_seconds(pids, reaped=reaped) - b for (pids, reaped), b in zip(parts, before, strict=True)]
    used.append(sum(getattr(locust_after, f) - getattr(locust_before, f) for f in ("ru_utime", "ru_stime")))
    web_cores, worker_cores, redis_cores, locust_cores = (u / wall for u in used)
    if "CPU usage above" in log.read_text(errors="replace"):  # Locust's own warning: the load generator was the limit
        print("  Locust warned that its CPU usage was above 90%", file=sys.stderr)
    with open(f"{prefix}_failures.csv", newline="") as failures:
        for failure in csv.DictReader(failures):  # what failed, for the log: the table counts failed flows
            print(
                f"  {failure['Occurrences']} x {failure['Method']} {failure['Name']}: {failure['Error']}",
                file=sys.stderr,
            )
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    for r in rows:  # every step's figures, for the log
        print(
            f"  {r['Type']} {r['Name']}: {r['Request Count']} done, {r['Requests/s']}/s, p50 {r['50%']} ms,"
            f" p95 {r['95%']} ms, mean {float(r['Average Response Time']):.0f} ms, max {r['Max Response Time']} ms",
            file=sys.stderr,
        )
    (row,) = [r for r in rows if r["Type"] == "FLOW" and r["Name"] == "editor"]
    cores = (web_cores, worker_cores, redis_cores, locust_cores)
    return Cell(float(row["Requests/s"]), float(row["50%"]), float(row["95%"]), int(row["Failure Count"]), cores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short runs: the table in a few minutes")
    parser.add_argument("--rounds", type=int, help="runs of every cell [3; quick: 2]")
    parser.add_argument("--seconds", type=float, help="measured seconds per run [30; quick: 8]")
    parser.add_argument("--users", type=int, default=32, help="simulated editors")
    parser.add_argument("--cells", nargs="*", default=[], help="only these WEBxWORKERS cells, e.g. 2x1 (and 1x1)")
    parser.add_argument("--flow", choices=FLOWS, default="edit", help="edit: the editor's flow; browse: web tier alone")
    args = parser.parse_args()
    fast = args.quick or quick()
    rounds = args.rounds or (2 if fast else 3)
    seconds = args.seconds or (8.0 if fast else 30.0)
    cells = [(web, workers) for web in WEB for workers in (WORKERS if args.flow == "edit" else (1,))]
    if args.cells:
        cells = [(1, 1), *[c for c in cells if f"{c[0]}x{c[1]}" in args.cells and c != (1, 1)]]
    results: dict[tuple[int, int], list[Cell]] = {cell: [] for cell in cells}
    ratios: dict[tuple[int, int], list[float]] = {cell: [] for cell in cells}
    print(f"{args.users} editors, {rounds} rounds of {seconds:.0f} s per cell, {os.cpu_count()} cores", file=sys.stderr)
    with embedded_redis() as (url, tmp), ExitStack() as stack:
        apps = {workers: stack.enter_context(worker_pool(url, tmp, workers)) for workers in WORKERS}
        redis_pid = int(redis.Redis.from_url(url).info("server")["process_id"])
        if args.flow == "browse":
            with web_tier(url, apps[1][0], 1) as (base, _):
                for number in range(BROWSED_ENTITIES):
                    entity = {"entity_type": "Calculator", "name": f"E{number:03}"}
                    httpx2.post(base + "/api/entities", json=entity).raise_for_status()
        for round_no in range(rounds):
            order = cells if round_no % 2 == 0 else cells[::-1]
            measured: dict[tuple[int, int], Cell] = {}
            for web, workers in order:
                app_dir, pool = apps[workers]
                with web_tier(url, app_dir, web) as (base, web_processes):
                    out = tmp / f"run-{round_no}-{web}-{workers}"
                    out.mkdir()
                    worker_pids = descendants(w.pid for w in pool.workers if w.pid)
                    parts = [(web_processes, False), (worker_pids, True), ([redis_pid], False)]
                    user_class = FLOWS[args.flow]
                    measured[web, workers] = cell = run_locust(base, args.users, seconds, out, parts, user_class)
                print(f"round {round_no + 1}: {web} web x {workers} workers: {cell}", file=sys.stderr)
            for key, cell in measured.items():
                results[key].append(cell)
                ratios[key].append(cell.flows_per_second / measured[1, 1].flows_per_second)
    print(table(results, ratios, args.users, seconds, rounds, args.flow))


def table(
    results: dict[tuple[int, int], list[Cell]],
    ratios: dict[tuple[int, int], list[float]],
    users: int,
    seconds: float,
    rounds: int,
    flow: str,
) -> str:
    what = "create, save, view job, follow over SSE" if flow == "edit" else "entity page, entity, manifest; no job"
    lines = [
        f"{users} simulated editors ({what}), {rounds} interleaved rounds of"
        f" {seconds:.0f} s per cell, {os.cpu_count()} cores; medians over the rounds",
        "",
        "| web processes | workers | editor flows/s | flow p50 ms | flow p95 ms | failed flows"
        " | throughput vs 1 web x 1 worker | cores busy: web / workers / Redis / Locust |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for (web, workers), cells in results.items():
        flows = statistics.median(c.flows_per_second for c in cells)
        p50 = statistics.median(c.p50_ms for c in cells)
        p95 = statistics.median(c.p95_ms for c in cells)
        failed = sum(c.failures for c in cells)
        ratio = statistics.median(ratios[web, workers])
        cores = " / ".join(f"{statistics.median(c.cores[part] for c in cells):.2f}" for part in range(4))
        row = f"| {web} | {workers} | {flows:.1f} | {p50:.0f} | {p95:.0f} | {failed} | {ratio:.2f}x | {cores} |"
        lines.append(row)
    return "\n".join(lines)


if __name__ == "__main__":
    main()
