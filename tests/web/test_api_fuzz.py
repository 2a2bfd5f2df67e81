"""schemathesis against the published ``/openapi.json``: generated requests find no 5xx, no schema violation.

The app runs in-process (ASGI) against the real embedded Redis and a real worker, so requests
that start jobs really queue them. A few entities exist first, so generated entity ids hit real
entities as well as missing ones. The schema is generated from the route table, so this reaches
every ``/api`` route, the Server-Sent Event streams too: each event is checked against its schema,
and a stream that only ends when the client leaves is read for :data:`STREAM_SECONDS`.
"""

from __future__ import annotations

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from support import SAMPLE_APPS, untraced_in_this_thread
from viktorlite.web.app import create_app

EXAMPLES_PER_OPERATION = 70
MIN_REQUESTS = 1000
#: How long an event stream is read before the client leaves (the events sent by then are checked).
STREAM_SECONDS = 1.5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _real_identifiers(running) -> dict[str, list]:
    """Ids of things that exist (entities, a job, a blob, a worker), so requests reach past the 404s."""
    with running.client() as client:
        ids = [
            client.post("/api/entities", json={"entity_type": "Design", "name": f"Design {n}"}).json()["id"]
            for n in (1, 2)
        ]
        job = client.post(f"/api/entities/{ids[0]}/jobs", json={"method": "summary"})
        upload = client.post(
            "/api/uploads?entity_type=Design&field=places.drawing", files={"file": ("d.txt", b"1,2", "text/plain")}
        )
    assert job.status_code == 202 and upload.status_code == 201, (job.text, upload.text)
    return {
        "entity_id": ids,
        "revision": [1],
        "job_id": [job.json()["job_id"]],
        "blob_id": [upload.json()["file_id"]],
        "worker": ["worker-1"],
    }


def _aim_at_real_things(case: schemathesis.Case, real: dict[str, list], count: int) -> None:
    """Two of three generated cases name an existing thing instead of a random id (when the id is valid)."""
    if count % 3 == 0 or not case.path_parameters:
        return
    for name, values in real.items():
        value = case.path_parameters.get(name)
        if value is not None and (isinstance(value, int) or name in ("job_id", "blob_id", "worker")):
            case.path_parameters[name] = values[count % len(values)]


def _streams(operation: schemathesis.APIOperation) -> bool:
    """Does the operation answer with Server-Sent Events?"""
    answers = operation.definition.raw.get("responses", {}).values()
    return any("text/event-stream" in answer.get("content", {}) for answer in answers)


def test_generated_requests_find_no_server_error_or_schema_violation(start_app):
    running = start_app(SAMPLE_APPS / "inputs")
    app = create_app(running.redis_url, running.name, app_dir=running.directory)
    real = _real_identifiers(running)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda operation: operation.method.upper() == "DELETE")  # keep the entities until last
    assert len(operations) >= 25, "the published schema lost its routes"
    streams = {operation.label for operation in operations if _streams(operation)}
    assert len(streams) >= 3, streams
    sent: dict[str, int] = {}
    failures: dict[str, str] = {}
    statuses: dict[int, int] = {}
    succeeded: set[str] = set()

    # Only the generating and checking run in this thread (the app answers in the ASGI portal's thread).
    with untraced_in_this_thread():
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case: schemathesis.Case) -> None:
                sent[case.operation.label] = sent.get(case.operation.label, 0) + 1
                _aim_at_real_things(case, real, sum(sent.values()))
                timeout = STREAM_SECONDS if case.operation.label in streams else None
                response = case.call_and_validate(checks=CHECKS, timeout=timeout)
                statuses[response.status_code // 100 * 100] = statuses.get(response.status_code // 100 * 100, 0) + 1
                if response.status_code < 300:
                    succeeded.add(case.operation.label)

            try:
                run()
            except hypothesis.errors.Unsatisfiable:  # an operation with too few distinct inputs: fine
                pass
            except (Exception, FailureGroup) as exc:  # collected, so one run reports every failing operation
                failures[operation.label] = str(exc)[:3000]

    total = sum(sent.values())
    print(f"schemathesis sent {total} requests to {len(sent)} operations; status classes {statuses}")
    print(f"operations that also succeeded: {sorted(succeeded)}")
    assert not failures, "\n\n".join(f"{label}:\n{message}" for label, message in failures.items())
    assert total >= MIN_REQUESTS, sent
    assert set(sent) == {operation.label for operation in operations}
    # Bodies checked against the protocol's models: the manifest, and a finished job with its result.
    assert {"GET /api/app", "GET /api/jobs/{job_id}"} <= succeeded, sorted(succeeded)
