"""Throughput of no-op view jobs through the HTTP API with 1, 2 and 4 workers (issue 18's third row).

Baseline: as many plain RQ forking workers running a no-op job on the same Redis, batches measured
alternately in the same run (benchmarks/_interleaved.py). Reported as the time a batch takes, so
the ratio is the inverse of the throughput ratio (0.5x time = 2x throughput).

How a batch is sent (changed for issue 18's throughput work): the baseline enqueues its batch from
one client, about a millisecond a job, and then collects the results. viktorlite's batch used to be
POSTed one request after another from one client too, but one POST (HTTP, the entity read, the
params, the enqueue) takes several milliseconds: with 2 or 4 workers the single client, not the
workers, set the pace, and the figure measured the client. Real editors are separate users whose
POSTs arrive concurrently, so viktorlite's batch is now POSTed by :data:`POSTERS` concurrent
clients (threads, each its own HTTP connection), which then wait for the results; the HTTP cost per
job is all still measured (the web process does every request), only no longer one at a time.
``--sequential`` measures the old way. Entities are made before the timer starts (one per job:
jobs of one view of one entity supersede each other, by design).

Each row is followed by the CPU time a job costs on each side, summed over every process taking
part and then by part (the worker parents, their reaped work horses, the web process, Redis, this
client), from the same batches: on a loaded machine the wall times follow the load, while the CPU a
job takes is what sets the throughput once the cores are busy.

    .venv/bin/python benchmarks/bench_throughput.py [--runs 7] [--batch 60] [--quick] [--sequential]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx2
from _interleaved import cpu_seconds, embedded_redis, interleave, plain_rq, report, runs, state_baseline
from bench_production import CALCULATOR, plain_rq_batch, viktorlite_app, viktorlite_batch

from viktorlite.workers.job_tree import process_table

#: Concurrent clients POSTing viktorlite's batch (each with its own connection).
POSTERS = 4


class ConcurrentEditors:
    """:data:`POSTERS` threads, each with its own HTTP client, POSTing one batch and waiting for it."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._pool = ThreadPoolExecutor(max_workers=POSTERS, thread_name_prefix="editor")
        self._local = threading.local()
        self._clients: list[httpx2.Client] = []

    def _client(self) -> httpx2.Client:
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = httpx2.Client(timeout=60)
            self._clients.append(client)
        return client

    def _post(self, entity_id: int) -> str:
        body = {"method": "constant"}
        return str(self._client().post(f"{self.base}/api/entities/{entity_id}/jobs", json=body).json()["job_id"])

    def _wait(self, job_id: str) -> None:
        status = self._client().get(f"{self.base}/api/jobs/{job_id}", params={"wait": 60}).json()["status"]
        assert status == "finished", status

    def batch(self, jobs: int) -> float:
        """Seconds for ``jobs`` view jobs, POSTed concurrently, to finish (entity creation untimed)."""
        client = self._client()
        entities = [
            client.post(f"{self.base}/api/entities", json={"entity_type": "Calculator", "name": "e"}).json()["id"]
            for _ in range(jobs)
        ]
        start = time.perf_counter()
        ids = list(self._pool.map(self._post, entities))
        list(self._pool.map(self._wait, ids))
        return time.perf_counter() - start

    def close(self) -> None:
        self._pool.shutdown()
        for client in self._clients:
            client.close()


def _ours(*words: str) -> list[int]:
    """This process's children whose command line holds all of ``words``."""
    found = []
    for row in process_table().values():
        if row.ppid != os.getpid():
            continue
        try:
            with open(f"/proc/{row.pid}/cmdline", "rb") as cmdline:
                line = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if all(word in line for word in words):
            found.append(row.pid)
    return found


def _client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu_parts(parts: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds so far of each part (its processes, with their reaped children), and this client's."""
    found = {name: cpu_seconds(pids, reaped=True) for name, pids in parts.items()}
    workers = parts.get("workers", [])
    found["horses"] = found.get("workers", 0.0) - cpu_seconds(workers)  # the workers' reaped children
    found["workers"] = cpu_seconds(workers)
    found["client"] = _client_cpu()
    return found


def with_cpu(
    run: Callable[[], float], parts: dict[str, list[int]], jobs: int, per_job: list[dict[str, float]]
) -> Callable[[], float]:
    """``run``, noting the CPU seconds a job took in each part (:func:`_cpu_parts`) in ``per_job``."""

    def measured() -> float:
        before = _cpu_parts(parts)
        seconds = run()
        after = _cpu_parts(parts)
        per_job.append({name: (after[name] - before[name]) / jobs for name in after})
        return seconds

    return measured


def cpu_line(cpu: dict[str, list[dict[str, float]]]) -> str:
    """The median CPU per job of each side, in all and by part (the first, warm-up batch left out)."""

    def median(side: str, part: str | None = None) -> float:
        return statistics.median(sum(r.values()) if part is None else r[part] for r in cpu[side][1:]) * 1e3

    base, ours = median("baseline"), median("candidate")
    by_part = "; ".join(
        f"{side} " + ", ".join(f"{part} {median(side, part):.1f}" for part in cpu[side][0]) for side in cpu
    )
    return (
        f"  CPU per job, all processes: baseline {base:.1f} ms, candidate {ours:.1f} ms ({ours / base:.2f}x); {by_part}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch", type=int, default=60, help="jobs per run")
    parser.add_argument("--sequential", action="store_true", help="POST viktorlite's batch from one client")
    count = runs(parser, 7, 3, what="runs")
    args = parser.parse_args()
    batch, sequential = (args.batch if count != 3 else 30), args.sequential
    state_baseline("plain RQ forking workers, as many, running a no-op job on the same Redis")
    how = "one client, one POST after another" if sequential else f"{POSTERS} concurrent clients"
    print(f"viktorlite's batch: POSTed by {how}", flush=True)
    with embedded_redis() as (url, tmp):
        for workers in (1, 2, 4):
            with (
                plain_rq(url, f"bench-throughput-{workers}", workers=workers) as queue,
                viktorlite_app(url, CALCULATOR, tmp, workers) as (base, _, pool),
                httpx2.Client(timeout=60) as client,
            ):
                editors = ConcurrentEditors(base)
                redis_server = _ours("redis-server")
                theirs = {"workers": _ours("rq.cli", queue.name), "redis": redis_server}
                web = _ours("viktorlite", " web ")
                ours = {"workers": [w.pid for w in pool.workers if w.pid], "web": web, "redis": redis_server}
                assert len(redis_server) == 1 and len(web) == 1 and len(theirs["workers"]) == workers, (theirs, ours)
                cpu: dict[str, list[dict[str, float]]] = {"baseline": [], "candidate": []}
                try:
                    if sequential:
                        candidate = lambda: viktorlite_batch(client, base, batch)  # noqa: B023, E731
                    else:
                        candidate = lambda: editors.batch(batch)  # noqa: B023, E731
                    result = interleave(
                        with_cpu(lambda: plain_rq_batch(queue, batch), theirs, batch, cpu["baseline"]),  # noqa: B023
                        with_cpu(candidate, ours, batch, cpu["candidate"]),
                        count,
                        warmup=1,
                    )
                finally:
                    editors.close()
            report("bench_throughput", f"time for {batch} view jobs via HTTP, {workers} worker(s)", result)
            print(cpu_line(cpu), flush=True)


if __name__ == "__main__":
    main()
