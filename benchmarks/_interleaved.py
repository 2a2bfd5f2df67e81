"""Baseline and candidate measured alternately in one run, so load changes hit both sides alike.

Why: a benchmark that times all baseline runs first and all candidate runs after lets the machine's
load decide the ratio (on a shared 2-core machine it did, by up to 2x). Here the two alternate run by
run (A B, B A, A B ...), the first ``warmup`` pairs are discarded, and the ratio is refused when the
first and the second half of the run disagree by more than ``UNSTABLE`` (the load moved under us).

``make bench`` sets ``BENCH_RECORD`` to a JSON-lines file; every :func:`report` appends its row there
so ``benchmarks/run_all.py`` can write the Markdown table.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import redis
from rq import Queue, Worker
from rq.serializers import JSONSerializer

HERE = Path(__file__).resolve().parent

UNSTABLE = 0.20
"""Halves whose ratios differ by more than this fraction make the ratio unreported."""

Run = Callable[[], object]
"""One run of a side: a float it returns is its own measured seconds (set-up left out); else it is timed."""


def quick() -> bool:
    """Whether ``make bench`` asked for the short runs (``BENCH_QUICK=1`` or ``--quick``)."""
    return os.environ.get("BENCH_QUICK") == "1"


def percentile(samples: list[float], q: float) -> float:
    """The nearest-rank percentile (``q`` in 0..1) of ``samples``."""
    ordered = sorted(samples)
    return ordered[min(len(ordered), max(1, math.ceil(q * len(ordered)))) - 1]


@dataclass(frozen=True)
class Comparison:
    """The two sides' samples (seconds, warm-up left out) and what follows from them."""

    baseline: list[float]
    candidate: list[float]
    load_before: float
    load_after: float

    @property
    def ratio(self) -> float:
        """Candidate median / baseline median: above 1 the candidate is slower."""
        return statistics.median(self.candidate) / statistics.median(self.baseline)

    def halves(self) -> tuple[float, float]:
        """The ratio of the first half of the pairs and of the second half."""
        mid = len(self.baseline) // 2
        first = statistics.median(self.candidate[:mid]) / statistics.median(self.baseline[:mid])
        second = statistics.median(self.candidate[mid:]) / statistics.median(self.baseline[mid:])
        return first, second

    @property
    def disagreement(self) -> float:
        """How far apart the halves' ratios are, as a fraction of the smaller one."""
        if len(self.baseline) < 2:
            return 0.0
        first, second = self.halves()
        return abs(first - second) / min(first, second)

    @property
    def stable(self) -> bool:
        return self.disagreement <= UNSTABLE

    def verdict(self) -> str:
        """``1.23x`` or ``unstable: halves disagree by N %``."""
        if not self.stable:
            return f"unstable: halves disagree by {self.disagreement * 100:.0f} %"
        return f"{self.ratio:.2f}x"


def interleave(baseline: Run, candidate: Run, runs: int, warmup: int = 2) -> Comparison:
    """Run the sides alternately ``warmup + runs`` times each, the order rotated every pair."""
    load_before = os.getloadavg()[0]
    samples: dict[str, list[float]] = {"baseline": [], "candidate": []}
    sides = {"baseline": baseline, "candidate": candidate}
    for index in range(warmup + runs):
        order = ("baseline", "candidate") if index % 2 == 0 else ("candidate", "baseline")
        for name in order:
            start = time.perf_counter()
            own = sides[name]()
            seconds = own if isinstance(own, float) else time.perf_counter() - start
            if index >= warmup:
                samples[name].append(seconds)
    return Comparison(samples["baseline"], samples["candidate"], load_before, os.getloadavg()[0])


def state_baseline(text: str) -> None:
    """The benchmark's first output line: what it compares against."""
    print(f"baseline: {text}", flush=True)


def report(benchmark: str, name: str, comparison: Comparison, unit: float = 1e3, label: str = "ms") -> str:
    """Print one compared row (medians, p95s, ratio or refusal, load) and record it for ``make bench``."""
    b, c = comparison.baseline, comparison.candidate
    line = (
        f"{name}: baseline median {statistics.median(b) * unit:.2f} {label} p95 {percentile(b, 0.95) * unit:.2f}, "
        f"candidate median {statistics.median(c) * unit:.2f} {label} p95 {percentile(c, 0.95) * unit:.2f}; "
        f"{comparison.verdict()} ({len(b)} runs each; load {comparison.load_before:.2f} -> "
        f"{comparison.load_after:.2f})"
    )
    print(line, flush=True)
    record = os.environ.get("BENCH_RECORD")
    if record:
        row = {"benchmark": benchmark, "name": name, "verdict": comparison.verdict(), **asdict(comparison)}
        row["ratio"] = comparison.ratio
        with open(record, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")
    return line


# -- the shared scaffolding: an embedded Redis, plain RQ workers, the runs' count ------------------


def runs(parser: argparse.ArgumentParser, default: int, quick_runs: int, what: str = "jobs") -> int:
    """Add ``--<what>`` and ``--quick`` to ``parser``, parse, and give the number of runs a side."""
    parser.add_argument(f"--{what}", type=int, default=default)
    parser.add_argument("--quick", action="store_true", help=f"{quick_runs} {what} a side (make bench)")
    args = parser.parse_args()
    return quick_runs if args.quick or quick() else int(getattr(args, what))


@contextmanager
def embedded_redis() -> Iterator[tuple[str, Path]]:
    """A fresh embedded Redis in a temporary folder: its URL and the folder (for the benchmark's files)."""
    from viktorlite.cli.embedded_redis import EmbeddedRedis

    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis")
        url = server.start()
        try:
            yield url, Path(tmp)
        finally:
            server.stop()


@contextmanager
def plain_rq(url: str, queue_name: str, *, workers: int = 1, simple: bool = False) -> Iterator[Queue]:
    """``workers`` plain RQ workers (forking, or SimpleWorker: no fork) on ``queue_name``, JSON jobs
    from benchmarks/ (noop_job, big_figure); yields the queue once they are registered."""
    argv = [sys.executable, "-m", "rq.cli", "worker", queue_name, "--url", url, "--serializer", "json", "-q"]
    if simple:
        argv += ["--worker-class", "rq.worker.SimpleWorker"]
    env = {"PYTHONPATH": str(HERE), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    started = [subprocess.Popen(argv, cwd=HERE, env=env) for _ in range(workers)]
    connection = redis.Redis.from_url(url)
    queue = Queue(queue_name, connection=connection, serializer=JSONSerializer)
    try:
        deadline = time.monotonic() + 60
        while len(Worker.all(queue=queue)) < workers:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{workers} plain RQ workers did not start")
            time.sleep(0.02)
        yield queue
    finally:
        for worker in started:
            worker.terminate()
        for worker in started:
            worker.wait()


def plain_rq_noop(queue: Queue) -> None:
    """One plain RQ no-op job, enqueue -> result (blocks on RQ's result stream)."""
    result = queue.enqueue("noop_job.noop").latest_result(timeout=30)
    assert result is not None and result.type == result.Type.SUCCESSFUL


#: Clock ticks per second, the unit of /proc/PID/stat's CPU times.
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: Iterable[int], *, reaped: bool = False) -> float:
    """CPU seconds the processes used so far (``reaped``: with their ended children, a worker's horses)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11 : 15 if reaped else 13]) / TICK
    return total
