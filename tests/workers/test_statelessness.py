"""Every job starts from the app as imported: a fresh fork, a new controller, module globals reset."""

from __future__ import annotations

import pytest
from probe import answer, new_entity, run_job, wait_for_workers


@pytest.mark.parametrize(("workers", "production"), [(1, False), (3, True)], ids=["development", "production"])
def test_a_changed_module_global_is_back_to_its_import_value_in_the_next_job(start_app, workers, production):
    running = start_app("state", workers=workers, production=production)
    wait_for_workers(running.redis_url, workers)
    with running.client() as client:
        entity = new_entity(client, "A")
        jobs = [run_job(client, entity, "touch_global", {"token": f"job-{index}"}) for index in range(3 * workers + 3)]
    answers = [answer(job) for job in jobs]
    assert [a["before"] for a in answers] == [{"changed_by": None}] * len(answers)
    assert len({a["pid"] for a in answers}) == len(answers)  # a fresh process for every job
    assert len({job["worker"] for job in jobs}) == workers
