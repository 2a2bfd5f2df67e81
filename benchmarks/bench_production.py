"""Production figures in one run, each against plain RQ measured in the same run:

- latency of a no-op view, trigger to result, through HTTP (a real uvicorn web process), the queue,
  a forking worker and the SSE push; p50 and p95;
- throughput with 1, 2 and 4 workers;
- memory (RSS) of an idle worker;
- how long a job whose worker was killed stays "started" before the user is told.

    .venv/bin/python benchmarks/bench_production.py [--jobs 200]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import redis
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


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


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


def plain_rq_latency(url: str, jobs: int) -> list[float]:
    queue = Queue("bench-latency", connection=redis.Redis.from_url(url), serializer=JSONSerializer)
    with plain_rq_workers(url, 1, "bench-latency"):
        samples = []
        for _ in range(jobs):
            start = time.perf_counter()
            result = queue.enqueue("noop_job.noop").latest_result(timeout=30)
            assert result is not None
            samples.append(time.perf_counter() - start)
        return samples


def plain_rq_throughput(url: str, jobs: int, workers: int) -> float:
    queue_name = f"bench-throughput-{workers}"
    queue = Queue(queue_name, connection=redis.Redis.from_url(url), serializer=JSONSerializer)
    with plain_rq_workers(url, workers, queue_name):
        start = time.perf_counter()
        enqueued = [queue.enqueue("noop_job.noop") for _ in range(jobs)]
        for job in enqueued:
            assert job.latest_result(timeout=60) is not None
        return jobs / (time.perf_counter() - start)


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


def viktorlite_latency(url: str, workdir: Path, jobs: int) -> list[float]:
    with viktorlite_app(url, CALCULATOR, workdir, 1) as (base, entity_id, _), httpx2.Client(timeout=30) as client:
        samples = []
        for _ in range(jobs):
            start = time.perf_counter()
            run_view_and_wait_for_push(client, base, entity_id, "constant")
            samples.append(time.perf_counter() - start)
        return samples


def viktorlite_throughput(url: str, workdir: Path, jobs: int, workers: int) -> float:
    """One job per entity: jobs of one view of one entity supersede each other, by design."""
    with viktorlite_app(url, CALCULATOR, workdir, workers) as (base, _, _), httpx2.Client(timeout=60) as client:
        entities = [
            client.post(f"{base}/api/entities", json={"entity_type": "Calculator", "name": f"e{i}"}).json()["id"]
            for i in range(jobs)
        ]
        start = time.perf_counter()
        ids = [
            client.post(f"{base}/api/entities/{entity_id}/jobs", json={"method": "constant"}).json()["job_id"]
            for entity_id in entities
        ]
        for job_id in ids:
            assert client.get(f"{base}/api/jobs/{job_id}", params={"wait": 60}).json()["status"] == "finished"
        return jobs / (time.perf_counter() - start)


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
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--abandoned-cap", type=float, default=60.0, help="how long to wait for plain RQ")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis")
        url = server.start()
        try:
            base_lat = plain_rq_latency(url, args.jobs)
            our_lat = viktorlite_latency(url, Path(tmp), args.jobs)
            print(f"latency, {args.jobs} sequential no-op jobs (ms):")
            for name, samples in (("plain RQ enqueue->result", base_lat), ("viktorlite HTTP->SSE push", our_lat)):
                p50, p95 = percentile(samples, 0.5) * 1e3, percentile(samples, 0.95) * 1e3
                print(f"  {name:28s} p50 {p50:6.1f}  p95 {p95:6.1f}")
            print(
                f"  ratio p50 {statistics.median(our_lat) / statistics.median(base_lat):.2f}x, "
                f"p95 {percentile(our_lat, 0.95) / percentile(base_lat, 0.95):.2f}x"
            )
            print("throughput (jobs/s):")
            for workers in (1, 2, 4):
                base_tp = plain_rq_throughput(url, args.jobs, workers)
                our_tp = viktorlite_throughput(url, Path(tmp), args.jobs, workers)
                ratio = our_tp / base_tp
                print(f"  {workers} worker(s): plain RQ {base_tp:6.1f}  viktorlite {our_tp:6.1f}  ratio {ratio:.2f}x")
            base_rss, our_rss = plain_rq_idle_rss(url), viktorlite_idle_rss(url, Path(tmp))
            print(
                f"idle worker RSS: plain RQ {base_rss:.0f} MB, viktorlite {our_rss:.0f} MB ({our_rss / base_rss:.2f}x)"
            )
            ours = viktorlite_abandoned(url, Path(tmp))
            theirs = plain_rq_abandoned(url, args.abandoned_cap)
            shown = f"{theirs:.1f} s" if theirs is not None else f"still 'started' after {args.abandoned_cap:.0f} s"
            ratio = f"{theirs / ours:.0f}x" if theirs is not None else f"> {args.abandoned_cap / ours:.0f}x"
            print(f"job of a killed worker reported failed: viktorlite {ours:.1f} s, plain RQ {shown} ({ratio})")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
