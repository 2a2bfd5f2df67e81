"""memoize across real jobs: hits skip the function, per worker in development, shared in production.

The tests of one development worker share it (``start_module_app``): each memoizes calls no other test
makes, so a hit is its own; the tests of several workers or a capped cache start their own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from probe import answer, failure, new_entity, run_job, wait_for_workers

from support import APPS


def nonce(client, entity, n, mode="plain"):
    return answer(run_job(client, entity, "memo", {"n": n, "mode": mode}))["nonce"]


def test_a_hit_in_a_later_job_does_not_run_the_function(start_module_app):
    running = start_module_app("state")
    with running.client() as client:
        entity = new_entity(client, "A")
        first = answer(run_job(client, entity, "memo", {"n": 4}))
        second = answer(run_job(client, entity, "memo", {"n": 4}))
        assert second == first  # same nonce and pid: the stored result, not a new run
        assert first["pair"] == [4, 5]
        assert nonce(client, entity, 5) != first["nonce"]
        positional, keyword = nonce(client, entity, 4, "positional"), nonce(client, entity, 4, "keyword")
        assert positional != keyword
        assert nonce(client, entity, 4, "positional") == positional


def test_value_types_come_back_and_tuples_as_lists(start_module_app):
    running = start_module_app("state")
    with running.client() as client:
        entity = new_entity(client, "A")
        result = answer(run_job(client, entity, "memo", {"mode": "types"}))
        assert result["types"] == {"colour": "Color", "day": "date", "moment": "datetime", "tuple": "list"}
        assert answer(run_job(client, entity, "memo", {"mode": "types"}))["nonce"] == result["nonce"]


def test_an_unsupported_argument_fails_the_job_naming_it(start_module_app):
    running = start_module_app("state")
    with running.client() as client:
        entity = new_entity(client, "A")
        message = failure(run_job(client, entity, "memo", {"mode": "bad argument"}))
        assert message.startswith("NotMemoizable: echo(): argument 'value' at ['ok'][2] is a builtins.set")


def test_production_workers_share_one_cache(start_app):
    running = start_app("state", workers=3, production=True)
    wait_for_workers(running.redis_url, 3)
    with running.client() as client:
        entity = new_entity(client, "A")
        jobs = [run_job(client, entity, "memo", {"n": 7}) for _ in range(9)]
    assert len({job["worker"] for job in jobs}) >= 2
    assert len({answer(job)["nonce"] for job in jobs}) == 1


def test_development_workers_each_keep_their_own_capped_cache(start_app, tmp_path: Path):
    source = tmp_path / "state"
    shutil.copytree(APPS / "state", source)
    config = source / "viktor.config.toml"
    config.write_text(config.read_text() + "\n[viktorlite]\nmemoize_dev_entries = 2\n")
    running = start_app(source, workers=2)
    wait_for_workers(running.redis_url, 2)
    with running.client() as client:
        entity = new_entity(client, "A")
        # Which idle worker takes a job is up to RQ and the machine's load: run until both have served it.
        jobs = [run_job(client, entity, "memo", {"n": 1}) for _ in range(4)]
        jobs += on_every_worker(client, entity, 1, {"worker-1", "worker-2"}, tries=60)
        by_worker: dict[str, set[str]] = {}
        for job in jobs:
            by_worker.setdefault(job["worker"], set()).add(answer(job)["nonce"])
        assert len(by_worker) == 2  # both workers served ...
        assert all(len(nonces) == 1 for nonces in by_worker.values())  # ... each from its own cache
        assert len(set.union(*by_worker.values())) == 2

        # two entries per worker, first in first out: storing 2 and 3 on every worker pushes 1 out
        for n in (2, 3):
            on_every_worker(client, entity, n, set(by_worker))
        again = on_every_worker(client, entity, 1, set(by_worker))
        assert not {answer(job)["nonce"] for job in again} & set.union(*by_worker.values())


def on_every_worker(client, entity, n, workers, tries=20):
    """Run the memo view with ``n`` until each of ``workers`` has run it; returns those jobs."""
    jobs: dict[str, dict] = {}
    for _ in range(tries):
        job = run_job(client, entity, "memo", {"n": n})
        jobs.setdefault(job["worker"], job)
        if set(jobs) == workers:
            return list(jobs.values())
    raise AssertionError(f"not every worker ran a job in {tries} tries: {sorted(jobs)}")
