"""Long job waits hold no thread: 200 of them leave every other route answering; a client past its
cap of waits at a time is answered 429 (issue 16, item 11; web/job_waits.py).

A real web process, real workers, real Redis. The waited-for jobs end only when the test lets them
(tests/apps/gate: a view that waits for a file), so "the other routes answered while every waiter
was pending" holds by construction, with no clock involved.
"""

from __future__ import annotations

from pathlib import Path

import anyio
import httpx2

from support import HANG, run_async, start_web
from viktorlite.web.job_waits import DEFAULT_MAX_WAITS

#: Client addresses on loopback: each may hold DEFAULT_MAX_WAITS waits at a time.
ADDRESSES = [f"127.0.0.{10 + number}" for number in range(10)]
JOBS = 10


def client_from(address: str, url: str) -> httpx2.AsyncClient:
    transport = httpx2.AsyncHTTPTransport(local_address=address, limits=httpx2.Limits(max_connections=None))
    return httpx2.AsyncClient(base_url=url, transport=transport, timeout=HANG)


async def scenario(url: str, gate: Path) -> None:
    async with httpx2.AsyncClient(base_url=url, timeout=HANG) as main:
        entities, jobs = [], []
        for number in range(JOBS):  # one entity each: a newer run of a view would replace the older
            created = await main.post("/api/entities", json={"entity_type": "Gate", "name": f"G{number}"})
            assert created.status_code == 201, created.text
            entities.append(created.json()["id"])
            started = await main.post(
                f"/api/entities/{entities[-1]}/jobs", json={"method": "held", "params": {"gate_file": str(gate)}}
            )
            assert started.status_code == 202, started.text
            jobs.append(started.json()["job_id"])

        answers: list[tuple[str, httpx2.Response]] = []
        answered = anyio.Event()

        async def wait_for(client: httpx2.AsyncClient, address: str, job_id: str) -> None:
            nonlocal answered
            answers.append((address, await client.get(f"/api/jobs/{job_id}", params={"wait": 60})))
            answered.set()
            answered = anyio.Event()

        clients = [client_from(address, url) for address in ADDRESSES]
        async with anyio.create_task_group() as waiters:
            # One more than the cap from each address: whichever comes last is refused, so once
            # every address had its 429, DEFAULT_MAX_WAITS waits of each are held by the server.
            for client, address in zip(clients, ADDRESSES, strict=True):
                for number in range(DEFAULT_MAX_WAITS + 1):
                    waiters.start_soon(wait_for, client, address, jobs[number % JOBS])
            with anyio.fail_after(HANG):
                while len(answers) < len(ADDRESSES) and all(r.status_code == 429 for _, r in answers):
                    await answered.wait()
            early = [(a, r.status_code, r.text[:200]) for a, r in answers if r.status_code != 429]
            assert not early, f"waits answered before their jobs ended: {early}"
            assert sorted(address for address, _ in answers) == ADDRESSES  # one refusal per address
            refused = answers[0][1]
            assert refused.headers["retry-after"].isdigit()
            assert f"at most {DEFAULT_MAX_WAITS}" in refused.json()["error"]

            # Every other route, blocking ones included, answers while all 200 waits are pending.
            listed = await main.get("/api/entities")
            assert listed.status_code == 200 and len(listed.json()) == JOBS
            saved = await main.put(f"/api/entities/{entities[0]}/params", json={"params": {"gate_file": str(gate)}})
            assert saved.status_code == 200, saved.text
            assert (await main.get(f"/api/jobs/{jobs[0]}")).json()["status"] in ("queued", "started")
            assert (await main.get("/api/app")).status_code == 200
            assert len(answers) == len(ADDRESSES), "a wait ended before its job did"

            gate.touch()  # now the jobs end, and with them every wait
        for client in clients:
            await client.aclose()
    ended = [response for _, response in answers if response.status_code != 429]
    assert len(ended) == len(ADDRESSES) * DEFAULT_MAX_WAITS
    assert {response.json()["status"] for response in ended} == {"finished"}


def test_two_hundred_waits_leave_other_routes_answering_and_a_client_past_its_cap_gets_429(start_app, tmp_path):
    running = start_app("gate")
    web, url = start_web(running.directory, running.redis_url)
    try:
        run_async(scenario, url, tmp_path / "gate")
    finally:
        web.stop()
