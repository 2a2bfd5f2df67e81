"""``GET /api/entities?limit=50`` at 10,000 entities, against the Redis + JSON floor of that page.

Baseline: in process, what the first page must read at least (ZRANGE of 50 ids, MGET of their records
and summaries, JSON-decoded). Candidate: the first page over HTTP from a real ``viktorlite web``
(sorted by id, and by name; a children table's page, filtered by parent). Alternating run by run.
The unpaged list (the old behaviour) is timed once for reference. Target: <= 50 ms for a first page.

    .venv/bin/python benchmarks/bench_entity_pages.py [--quick] [--entities 10000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import httpx2
import redis
from _apps import served_apps
from _interleaved import interleave, quick, report, state_baseline

from viktorlite.store.entities import EntityStore
from viktorlite.store.keys import Keys

APP = """import viktor as vkt

class P(vkt.Parametrization):
    x = vkt.NumberField("X", default=0)

class Part(vkt.Controller):
    parametrization = P
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    runs = 10 if args.quick or quick() else args.runs
    state_baseline("in-process Redis + JSON floor of a 50-entity page (ZRANGE, MGET records and summaries)")
    with served_apps("vl-bench-pages-") as apps:
        app_dir = apps.start_workers("pages", APP)
        client = redis.Redis.from_url(apps.redis_url)
        store = EntityStore(client, app_dir.name)
        folder = store.create("Part", "folder", {})
        for i in range(args.entities - 1):
            store.create("Part", f"part {i:05d}", {"x": i}, parent_id=folder.id if i % 10 == 0 else None)
        keys = Keys(app_dir.name)
        url = apps.start_web(app_dir)
        http = httpx2.Client(base_url=url, timeout=120)
        started = time.perf_counter()
        whole = http.get("/api/entities").json()
        print(f"unpaged list of {len(whole)} entities: {(time.perf_counter() - started) * 1e3:.0f} ms (reference)")

        def floor() -> None:
            ids = [int(i) for i in client.zrange(keys.entity_ids, 0, 49)]
            records = [json.loads(r) for r in client.mget([keys.entity(i) for i in ids])]
            summaries = client.mget([keys.summary(i) for i in ids])
            assert len(records) == 50 and len(summaries) == 50

        for name, query in (
            ("first page by id", {"limit": 50}),
            ("first page by name", {"limit": 50, "sort": "name"}),
            ("children page by name", {"limit": 50, "sort": "name", "parent_id": folder.id}),
        ):

            def page(query: dict = query) -> None:
                body = http.get("/api/entities", params=query).json()
                assert len(body["items"]) == 50, body

            report(
                "bench_entity_pages",
                f"GET /api/entities {name}, {args.entities} entities",
                interleave(floor, page, runs),
            )


if __name__ == "__main__":
    sys.exit(main())
