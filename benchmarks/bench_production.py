"""Production figures in one run, each against plain RQ measured in the same run:

- latency of a no-op view, trigger to result, through HTTP (a real uvicorn web process), the queue,
  a forking worker and the SSE push; p50 and p95;
- throughput with 1, 2 and 4 workers;
- memory (RSS) of an idle worker;
- how long a job whose worker was killed stays "started" before the user is told.

Both stacks run at once; latency jobs and throughput batches alternate between them run by run,
order rotated, warm-up discarded (benchmarks/_interleaved.py). Throughput is reported as the time a
batch takes, so its ratio is the inverse of the throughput ratio.

    .venv/bin/python benchmarks/bench_production.py [--jobs 200] [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import redis
from _interleaved import interleave, plain_rq_noop, quick, report, state_baseline
from polling import wait
from rq import Queue, Worker
from rq.job import Job
from rq.serializers import JSONSerializer

from viktorlite.cli.embedded_redis import EmbeddedRedis, free_port
from viktorlite.processes import ManagedProcess
from viktorlite.store.manifest import read_manifest
from viktorlite.workers.pool import WorkerPool

HERE = Path(__file__).resolve().parent
CALCULATOR = HERE.parent / "tests" / "apps" / "calculator"
FAULTS = HERE.parent / "tests" / "apps" / "faults"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# -- plain RQ --------------------------------------------------------------------------------------


@contextmanager
def plain_rq_workers(url: str, count: int, queue_name: str) -> Iterator[list[subprocess.Popen]]:
    env = {"PYTHONPATH": str(HERE), "PATH": os.environ["PATH"]}
    argv = [sys.executable, "-m", "rq.cli", "worker", queue_name, "--url", url, "--serializer", "json", "-q"]
    workers = [subprocess.Popen(argv, cwd=HERE, env=env) for _ in range(count)]
    connection = redis.Redis.from_url(url)
    wait(lambda: len(Worker.all(queue=Queue(queue_name, connection=connection))) >= count)
    try:
        yield workers
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait()


def plain_rq_batch(queue: Queue, jobs: int) -> float:
    """Seconds for ``jobs`` no-op jobs enqueued at once to finish."""
    start = time.perf_counter()
    enqueued = [queue.enqueue("noop_job.noop") for _ in range(jobs)]
    for job in enqueued:
        assert job.latest_result(timeout=60) is not None
    return time.perf_counter() - start


def plain_rq_idle_rss(url: str) -> float:
    with plain_rq_workers(url, 1, "bench-idle") as (worker,):
        time.sleep(1)
        return rss_mb(worker.pid)


def plain_rq_abandoned(url: str, cap: float) -> float | None:
    """Seconds until RQ reports a job failed after its worker and work horse were killed (None: > cap)."""
    connection = redis.Redis.from_url(url)
    queue = Queue("bench-abandoned", connection=connection, serializer=JSONSerializer)
    with plain_rq_workers(url, 1, "bench-abandoned") as (worker,):
        job = queue.enqueue("noop_job.sleep", 120)
        wait(lambda: job.get_status(refresh=True) == "started")
        horse = Worker.all(queue=queue)[0].horse_pid
        os.kill(worker.pid, signal.SIGKILL)
        if horse:
            os.kill(horse, signal.SIGKILL)
        try:
            return wait(lambda: job.get_status(refresh=True) == "failed", timeout=cap)
        except TimeoutError:
            return None


# -- viktorlite ------------------------------------------------------------------------------------


@contextmanager
def viktorlite_app(url: str, source: Path, workdir: Path, workers: int) -> Iterator[tuple[str, int, WorkerPool]]:
    app_dir = workdir / f"{source.name}-{workers}-{time.monotonic_ns()}"
    shutil.copytree(source, app_dir)
    pool = WorkerPool(app_dir, url, workdir / f"data-{app_dir.name}", workers, production=True)
    pool.start()
    port = free_port()
    argv = [sys.executable, "-P", "-m", "viktorlite", "web", str(app_dir), "--redis-url", url, "--port", str(port)]
    web = ManagedProcess("web", argv)
    web.start()
    base = f"http://127.0.0.1:{port}"
    try:
        connection = redis.Redis.from_url(url)
        wait(lambda: read_manifest(connection, app_dir.name) is not None)
        wait(lambda: len(Worker.all(queue=Queue(f"viktorlite.{app_dir.name}", connection=connection))) >= workers)
        wait(lambda: _up(base))
        entity = httpx2.post(base + "/api/entities", json={"entity_type": source.name.title(), "name": "b"}).json()
        yield base, entity["id"], pool
    finally:
        web.stop()
        pool.stop()


def _up(base: str) -> bool:
    try:
        return httpx2.get(base + "/api/app").status_code == 200
    except httpx2.HTTPError:
        return False


def run_view_and_wait_for_push(client: httpx2.Client, base: str, entity_id: int, method: str) -> None:
    job_id = client.post(f"{base}/api/entities/{entity_id}/jobs", json={"method": method}).json()["job_id"]
    with client.stream("GET", f"{base}/api/jobs/{job_id}/events") as events:
        for line in events.iter_lines():
            if line.startswith("event: end"):
                return
    raise AssertionError("no end event")


def viktorlite_batch(client: httpx2.Client, base: str, jobs: int) -> float:
    """Seconds for ``jobs`` view jobs, one per entity, posted at once, to finish (entity creation untimed).

    One job per entity: jobs of one view of one entity supersede each other, by design."""
    entities = [
        client.post(f"{base}/api/entities", json={"entity_type": "Calculator", "name": "e"}).json()["id"]
        for _ in range(jobs)
    ]
    start = time.perf_counter()
    ids = [
        client.post(f"{base}/api/entities/{entity_id}/jobs", json={"method": "constant"}).json()["job_id"]
        for entity_id in entities
    ]
    for job_id in ids:
        assert client.get(f"{base}/api/jobs/{job_id}", params={"wait": 60}).json()["status"] == "finished"
    return time.perf_counter() - start


def viktorlite_idle_rss(url: str, workdir: Path) -> float:
    with viktorlite_app(url, CALCULATOR, workdir, 1) as (_, _, pool):
        time.sleep(1)
        pid = pool.workers[0].pid
        assert pid is not None
        return rss_mb(pid)


def viktorlite_abandoned(url: str, workdir: Path) -> float:
    with viktorlite_app(url, FAULTS, workdir, 1) as (base, entity_id, pool), httpx2.Client(timeout=30) as client:
        body = {"method": "sleepy", "params": {"seconds": 120, "attempts_file": ""}}
        job_id = client.post(f"{base}/api/entities/{entity_id}/jobs", json=body).json()["job_id"]
        wait(lambda: client.get(f"{base}/api/jobs/{job_id}").json()["status"] == "started")
        connection = redis.Redis.from_url(url)
        job = Job.fetch(job_id, connection=connection, serializer=JSONSerializer)
        horse = Worker.find_by_key(Worker.redis_worker_namespace_prefix + job.worker_name, connection=connection)
        horse_pid = horse.horse_pid if horse else 0
        worker_pid = pool.workers[0].pid
        assert worker_pid is not None
        os.kill(worker_pid, signal.SIGKILL)
        if horse_pid:
            os.kill(horse_pid, signal.SIGKILL)
        return wait(lambda: client.get(f"{base}/api/jobs/{job_id}").json()["status"] == "failed", timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=200, help="latency samples a side")
    parser.add_argument("--batch", type=int, default=60, help="jobs per throughput run")
    parser.add_argument("--runs", type=int, default=7, help="throughput runs a side per worker count")
    parser.add_argument("--abandoned-cap", type=float, default=60.0, help="how long to wait for plain RQ")
    parser.add_argument("--quick", action="store_true", help="fewer runs, no abandoned-job figure (make bench)")
    args = parser.parse_args()
    fast = args.quick or quick()
    jobs, batch, runs = (30, 30, 4) if fast else (args.jobs, args.batch, args.runs)
    state_baseline("plain RQ: forking RQ workers running a no-op job on the same Redis, enqueue -> result")
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis")
        url = server.start()
        connection = redis.Redis.from_url(url)
        try:
            queue = Queue("bench-latency", connection=connection, serializer=JSONSerializer)
            with (
                plain_rq_workers(url, 1, "bench-latency"),
                viktorlite_app(url, CALCULATOR, Path(tmp), 1) as (base, entity_id, _),
                httpx2.Client(timeout=30) as client,
            ):
                latency = interleave(
                    lambda: plain_rq_noop(queue),
                    lambda: run_view_and_wait_for_push(client, base, entity_id, "constant"),
                    jobs,
                    warmup=3,
                )
            report("bench_production", "latency, no-op view HTTP -> SSE push", latency)
            for workers in (1, 2, 4):
                name = f"bench-throughput-{workers}"
                queue = Queue(name, connection=connection, serializer=JSONSerializer)
                with (
                    plain_rq_workers(url, workers, name),
                    viktorlite_app(url, CALCULATOR, Path(tmp), workers) as (base, _, _),
                    httpx2.Client(timeout=60) as client,
                ):
                    result = interleave(
                        lambda: plain_rq_batch(queue, batch),  # noqa: B023 (called within this iteration)
                        lambda: viktorlite_batch(client, base, batch),  # noqa: B023
                        runs,
                        warmup=1,
                    )
                # time ratio: the inverse of the throughput ratio
                report("bench_production", f"time for {batch} jobs, {workers} worker(s)", result)
            base_rss, our_rss = plain_rq_idle_rss(url), viktorlite_idle_rss(url, Path(tmp))
            print(
                f"idle worker RSS: plain RQ {base_rss:.0f} MB, viktorlite {our_rss:.0f} MB ({our_rss / base_rss:.2f}x)"
            )
            if not fast:
                ours = viktorlite_abandoned(url, Path(tmp))
                theirs = plain_rq_abandoned(url, args.abandoned_cap)
                cap = args.abandoned_cap
                shown = f"{theirs:.1f} s" if theirs is not None else f"still 'started' after {cap:.0f} s"
                ratio = f"{theirs / ours:.0f}x" if theirs is not None else f"> {cap / ours:.0f}x"
                print(f"job of a killed worker reported failed: viktorlite {ours:.1f} s, plain RQ {shown} ({ratio})")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
