"""The dashboard state is read in a few pipelined round trips, whatever the number of workers and jobs,
and says what the one-command-at-a-time reader says.

Round trips are counted on the client's connections (each request written and its replies read is
one), and the commands by Redis itself (``INFO commandstats``), on a real Redis with real workers.
"""

from __future__ import annotations

import redis
from redis.connection import Connection

from support import HANG, wait_until
from viktorlite.jobs import dashboard_data
from viktorlite.web.routes import dashboard_reads

WORKERS = 4
JOBS = 6


class CountingConnection(Connection):
    """A real connection that counts the times it writes a request (a command or a pipeline)."""

    sent = 0

    def send_packed_command(self, command, check_health=True):  # type: ignore[no-untyped-def]
        CountingConnection.sent += 1
        super().send_packed_command(command, check_health)


def commands(client: redis.Redis) -> int:
    return sum(int(stats["calls"]) for stats in client.info("commandstats").values())


def measured(reader, redis_url: str, app: str) -> tuple[dict, int, int]:
    pool = redis.ConnectionPool.from_url(redis_url, connection_class=CountingConnection)
    connection, plain = redis.Redis(connection_pool=pool), redis.Redis.from_url(redis_url)
    connection.ping()  # the connection is made before counting
    CountingConnection.sent = 0
    before = commands(plain)
    state = reader(connection, app)
    trips = CountingConnection.sent
    used = commands(plain) - before - 2  # the INFO commandstats calls themselves
    pool.disconnect()
    plain.close()
    return state, trips, used


def test_the_dashboard_reads_in_few_round_trips_and_says_the_same(start_app):
    running = start_app("calculator", workers=WORKERS)
    with running.client() as client:
        entity = client.post("/api/entities", json={"entity_type": "Calculator", "name": "c"}).json()
        for method in ["result", "divide", "crash"] * (JOBS // 3):
            started = client.post(f"/api/entities/{entity['id']}/jobs", json={"method": method}).json()
            assert client.get(f"/api/jobs/{started['job_id']}", params={"wait": 60}).status_code == 200
        shown = client.get("/api/dashboard")
        assert shown.status_code == 200 and len(shown.json()["jobs"]) == JOBS
    plain = running.pool_redis()

    def settled() -> bool:
        """A job's end is told before its worker is idle again and has counted it; and a worker lists its
        disk only when a read asked for it (workers/disk_report.py): a listing that arrived between the
        two reads below made them differ (disk_bytes None, then 2808), on a loaded machine."""
        workers = dashboard_reads.snapshot(plain, running.name)["workers"]
        done = sum(w["successful_jobs"] + w["failed_jobs"] for w in workers)
        listed = all(w["disk_bytes"] is not None for w in workers)
        return len(workers) == WORKERS and all(w["state"] == "idle" for w in workers) and done == JOBS and listed

    wait_until(settled, HANG, "every worker started and idle, with every job counted")
    new, trips, used = measured(dashboard_reads.snapshot, running.redis_url, running.name)
    old, old_trips, old_used = measured(dashboard_data.snapshot, running.redis_url, running.name)
    assert len(new["workers"]) == WORKERS and len(new["jobs"]) == JOBS
    new["redis"] = old["redis"] = None  # memory moves between the two reads
    assert new == old
    assert trips <= 10, f"{trips} round trips ({used} commands); the old reader made {old_trips} ({old_used})"
