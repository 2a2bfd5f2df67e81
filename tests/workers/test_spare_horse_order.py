"""The job a spare horse is handed goes down its pipe as the worker's own copy, not fetched again.

Pickling a job must give back the same job on the spare's connection, with RQ's "not read yet"
marker kept as RQ's own (a pickled bare ``object()`` would become another object, and RQ would
then take it for a callback).
"""

from __future__ import annotations

import pickle

import redis
from rq.job import UNEVALUATED, Callback
from rq.serializers import JSONSerializer

from viktorlite.jobs.queue import ANNOUNCE_FAILURE, RUN_JOB
from viktorlite.workers.allowed_job import ViktorliteJob
from viktorlite.workers.horse_watch import job_from_state, job_state


def test_a_job_sent_as_its_state_comes_back_the_same_on_the_spares_connection():
    theirs, spares = redis.Redis(), redis.Redis()  # never connected: no command is sent
    job = ViktorliteJob.create(
        RUN_JOB,
        args=({"app": "a", "trigger": "view", "params": {"x": [1, 2]}},),
        connection=theirs,
        serializer=JSONSerializer,
        meta={"app": "a", "method": "m"},
        timeout=30,
        on_failure=Callback(ANNOUNCE_FAILURE),
    )
    job.data, job.id  # noqa: B018 - as a dequeued job: its id and data set, its callbacks not read yet
    assert job._success_callback is UNEVALUATED

    copy = job_from_state(ViktorliteJob, pickle.loads(pickle.dumps(job_state(job))), spares)

    assert copy.connection is spares and type(copy) is ViktorliteJob
    assert copy.to_dict() == job.to_dict()
    assert (copy.id, copy.func_name, copy.args, copy.meta, copy.timeout) == (
        job.id,
        job.func_name,
        job.args,
        job.meta,
        job.timeout,
    )
    assert copy._success_callback is UNEVALUATED and copy.success_callback is None
    assert copy.failure_callback is job.failure_callback
