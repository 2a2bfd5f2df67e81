"""Fault injection: hostile jobs against real workers, one table of fault, expected and observed.

Each fault of issue 16 (items 1-7) runs once against the isolation test app (tests/apps/isolation:
2 s time limits, 300 MB memory, 4 MB disk) on real worker processes and an embedded Redis; the
Redis faults (items 8-9, benchmarks/redis_faults.py) against a real ``viktorlite serve``; the web
process's rows (items 11 and 13, benchmarks/faults_web.py) against a real ``viktorlite web``.

    .venv/bin/python benchmarks/faults.py [--no-cgroups] [--only isolation|redis]

``--no-cgroups`` runs the fallback containment (own session, subreaper, /proc sweep, polled memory).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import redis
import redis_faults
from faults_holes import rows as holes_rows
from faults_web import web_rows
from polling import wait
from starlette.testclient import TestClient

from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.store.manifest import read_manifest
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool

HERE = Path(__file__).resolve().parent
APP = HERE.parent / "tests" / "apps" / "isolation"
WAIT = 120


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] != "Z"


class Faults:
    def __init__(self, client: TestClient, data_dir: Path) -> None:
        self.client = client
        self.data_dir = data_dir
        self.entity = client.post("/api/entities", json={"entity_type": "Isolation", "name": "F"}).json()["id"]

    def start(self, method: str, **params: object) -> str:
        body = {"method": method, "params": params}
        return str(self.client.post(f"/api/entities/{self.entity}/jobs", json=body).json()["job_id"])

    def ended(self, job_id: str) -> dict:
        return dict(self.client.get(f"/api/jobs/{job_id}", params={"wait": WAIT}).json())

    def run(self, method: str, **params: object) -> tuple[dict, float]:
        started = time.monotonic()
        described = self.ended(self.start(method, **params))
        return described, time.monotonic() - started

    def leftovers(self, tag: str) -> int:
        files = (self.data_dir / "workers").glob(f"*/app/pids-{tag}.txt")
        pids = [int(pid) for file in files for pid in file.read_text().split()]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(alive(pid) for pid in pids):
            time.sleep(0.05)
        return sum(alive(pid) for pid in pids)


def outcome(described: dict, seconds: float) -> str:
    error = described.get("error") or {}
    text = f"{described['status']}"
    if error:
        message = str(error.get("message", ""))
        first = message.split(". ")[0].rstrip(".")
        setting = next((s for s in ("job_timeout", "timeouts]", "job_memory_mb", "job_disk_mb") if s in message), None)
        text += f" ({error.get('kind')}): {first}" + (f" [names {setting.rstrip(']')}]" if setting else "")
    return f"{text} [{seconds:.1f} s]"


def cases(f: Faults) -> list[tuple[str, str, Callable[[], str]]]:
    def timeout_c() -> str:
        return outcome(*f.run("c_loop"))

    def swallow() -> str:
        return outcome(*f.run("swallow", seconds=30))

    def hogs() -> str:
        described, seconds = f.run("fork_hogs", tag="hogs", count=4, megabytes=100)
        return f"{outcome(described, seconds)}; {f.leftovers('hogs')} of 4 children alive"

    def children() -> str:
        described, seconds = f.run("spawn", tag="done")
        return f"{outcome(described, seconds)}; {f.leftovers('done')} of 3 left alive"

    def children_timeout() -> str:
        described, seconds = f.run("spawn_then_hang", tag="hung")
        return f"{outcome(described, seconds)}; {f.leftovers('hung')} of 3 left alive"

    def disk() -> str:
        return outcome(*f.run("write_disk", tag="big", megabytes=40, seconds=0.05))

    def exit_3() -> str:
        return outcome(*f.run("exit_3"))

    def many_files() -> str:
        f.run("many_files", count=60_000)
        described, seconds = f.run("sleepy", seconds=6)
        disk = f.client.get("/api/workers/worker-1/disk").json()
        return f"{outcome(described, seconds)}; disk listing {len(disk['files'])} of {disk['file_count']} files"

    def stops() -> str:
        lies = stopped = 0
        for attempt in range(20):
            tag = f"stop{attempt}"
            job_id = f.start("side_effect", tag=tag)
            answer = f.client.post(f"/api/jobs/{job_id}/stop").json()["status"]
            wait(lambda: f.client.get("/api/dashboard").json()["workers"][0]["current_job"] is None, timeout=WAIT)
            ran = any((f.data_dir / "workers").glob(f"*/app/ran-{tag}"))
            stopped += answer == "stopped"
            lies += answer == "stopped" and ran
        return f"{stopped} of 20 answered stopped, {lies} of those ran on"

    return [
        ("1. C-level loop, 2 s limit", "timeout at ~2 s, worker free", timeout_c),
        ("2. except Exception around work", "timeout at ~2 s", swallow),
        ("3a. 4 children x 100 MB, 300 MB limit", "memory error, 0 alive", hogs),
        ("3b. Popen/new session/daemon, job ends", "finished, 0 alive", children),
        ("3c. same, then past the time limit", "timeout, 0 alive", children_timeout),
        ("4. 40 MB written, 4 MB disk limit", "failed naming job_disk_mb", disk),
        ("5. os._exit(3)", "exit code 3 named", exit_3),
        ("6. 60k files, then a 6 s job", "finished, listing <= 500", many_files),
        ("7. stop right after start, x20", "0 ran on after 'stopped'", stops),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-cgroups", action="store_true", help="run the fallback containment")
    parser.add_argument("--only", choices=["isolation", "redis"], help="run only these faults")
    args = parser.parse_args()
    if args.no_cgroups:
        os.environ["VIKTORLITE_JOB_CGROUPS"] = "0"
    workdir = Path(tempfile.mkdtemp(prefix="viktorlite-faults-"))
    rows = [] if args.only == "redis" else isolation_rows(workdir)
    if args.only != "isolation":
        for row in redis_faults.rows(workdir):
            rows.append(row)
            print(f"{row[0]}: {row[2]}", file=sys.stderr, flush=True)
    shutil.rmtree(workdir, ignore_errors=True)
    if args.only is None:
        rows += holes_rows()  # items 12, 14, 15: the web process' own holes (benchmarks/faults_holes.py)
    mode = "fallback (no cgroups)" if args.no_cgroups else "cgroups where writable"
    print(f"\ncontainment: {mode}\n")
    print("| fault | expected | observed |\n|---|---|---|")
    for fault, expected, observed in rows:
        print(f"| {fault} | {expected} | {observed} |")


def isolation_rows(workdir: Path) -> list[tuple[str, str, str]]:
    server = EmbeddedRedis(workdir / "redis")
    url = server.start()
    app_dir = workdir / "isolation"
    shutil.copytree(APP, app_dir)
    pool = WorkerPool(app_dir, url, workdir / "data", 1, log_dir=workdir / "logs")
    pool.start()
    connection = redis.Redis.from_url(url)
    rows = []
    try:
        wait(lambda: read_manifest(connection, "isolation") is not None, timeout=WAIT)
        with TestClient(create_app(url, "isolation", app_dir=app_dir)) as client:
            faults = Faults(client, workdir / "data")
            for fault, expected, check in cases(faults):
                try:
                    observed = check()
                except Exception as exc:  # noqa: BLE001 - a fault that breaks the run is an observation too
                    observed = f"ERROR {type(exc).__name__}: {exc}"
                rows.append((fault, expected, observed))
                print(f"{fault}: {observed}", file=sys.stderr, flush=True)
        rows += web_rows(app_dir, url)  # items 11 and 13, against a real web process
    finally:
        pool.stop()
        server.stop()
    return rows


if __name__ == "__main__":
    main()
