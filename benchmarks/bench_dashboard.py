"""The dashboard state (``GET /api/dashboard``'s reader) with 8 workers and 50 recent jobs, against the
reader it replaced (``viktorlite.jobs.dashboard_data.snapshot``, one command at a time).

Both run in process on the same Redis, alternately; round trips (requests written) are counted too.
Target: <= 20 ms, <= 10 round trips.

    .venv/bin/python benchmarks/bench_dashboard.py [--quick]
"""

from __future__ import annotations

import argparse
import sys
import time

import httpx2
import redis
from _apps import served_apps
from _interleaved import interleave, quick, report, state_baseline
from redis.connection import Connection

from viktorlite.jobs import dashboard_data
from viktorlite.web.routes import dashboard_reads

APP = """import viktor as vkt

class Form(vkt.Controller):
    @vkt.DataView("Data")
    def data(self, params, **kwargs):
        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("X", 1)))
"""


class Counting(Connection):
    sent = 0

    def send_packed_command(self, command, check_health=True):  # type: ignore[no-untyped-def]
        Counting.sent += 1
        super().send_packed_command(command, check_health)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    runs = 10 if args.quick or quick() else args.runs
    state_baseline("the old dashboard reader (dashboard_data.snapshot, one command at a time), same Redis")
    with served_apps("vl-bench-dashboard-") as apps:
        app_dir, url = apps.serve("dash", APP, workers=args.workers)
        pool = redis.ConnectionPool.from_url(apps.redis_url, connection_class=Counting)
        client = redis.Redis(connection_pool=pool)
        http = httpx2.Client(base_url=url, timeout=120)
        entity = http.post("/api/entities", json={"entity_type": "Form", "name": "E"}).json()
        for _ in range(50):
            job = http.post(f"/api/entities/{entity['id']}/jobs", json={"method": "data"}).json()
            http.get(f"/api/jobs/{job['job_id']}", params={"wait": 60})
        while len(dashboard_reads.snapshot(client, app_dir.name)["workers"]) < args.workers:
            time.sleep(0.1)
        for name, reader in (("old", dashboard_data.snapshot), ("new", dashboard_reads.snapshot)):
            Counting.sent = 0
            reader(client, app_dir.name)
            print(f"{name} reader: {Counting.sent} round trips")
        comparison = interleave(
            lambda: dashboard_data.snapshot(client, app_dir.name),
            lambda: dashboard_reads.snapshot(client, app_dir.name),
            runs,
        )
        report("bench_dashboard", f"dashboard state, {args.workers} workers, 50 jobs", comparison)


if __name__ == "__main__":
    sys.exit(main())
