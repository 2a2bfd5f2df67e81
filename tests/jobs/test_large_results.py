"""A large result is encoded once and passed through (issue 22, item 5).

The worker encodes a view's result once (the size limit is measured on that text), stores it as the
outcome's last key with its length, and RQ keeps no second copy; the web process answers
``GET /api/jobs/{id}`` with that text as it is. Real workers, real Redis, the real web app.
"""

from __future__ import annotations

import json

import pytest
from rq.job import Job
from rq.serializers import JSONSerializer

from viktorlite.protocol.outcome import Succeeded, encode_with_result, split_result
from viktorlite.sdk.views import PlotlyResult, ResultTooLarge, encode_result, serialize_result
from viktorlite.store.keys import Keys


def big_figure(offset: float) -> dict:
    """The figure the app's ``big`` view returns (same formula, without importing the app)."""
    points = 20_000
    return {
        "data": [
            {"type": "scatter", "x": [i * 0.001 for i in range(points)], "y": [offset + i / 3 for i in range(points)]}
        ],
        "layout": {"title": {"text": "big"}},
    }


def run(client, entity_id: int, method: str, params: dict | None = None):
    body = {"method": method} if params is None else {"method": method, "params": params}
    started = client.post(f"/api/entities/{entity_id}/jobs", json=body)
    assert started.status_code == 202, started.text
    job_id = started.json()["job_id"]
    return job_id, client.get(f"/api/jobs/{job_id}", params={"wait": 60})


@pytest.fixture
def chart(start_app):
    running = start_app("big_figure")
    with running.client() as client:
        entity = client.post("/api/entities", json={"entity_type": "Chart", "name": "c"}).json()
        yield running, client, entity["id"]


def test_a_large_figure_is_stored_once_with_its_length_and_served_as_stored(chart):
    running, client, entity_id = chart
    job_id, answer = run(client, entity_id, "big", {"offset": 3})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    state = answer.json()
    assert state["status"] == "finished", state
    assert state["result"] == {"type": "PlotlyResult", "figure": big_figure(3)}

    redis = running.pool_redis()
    stored = redis.get(Keys(running.name).job_outcome(job_id)).decode()
    envelope, result_text = split_result(stored)  # the layout the worker wrote: result last, with its length
    assert envelope["result_bytes"] == len(result_text) and json.loads(result_text) == state["result"]
    assert result_text in answer.text  # passed through as it was stored, not re-encoded

    with client.stream("GET", f"/api/jobs/{job_id}/events") as events:  # the job ended: one end event
        lines = [line for line in events.iter_lines() if line.startswith("data:")]
    assert result_text in lines[-1] and json.loads(lines[-1][5:])["result"] == state["result"]

    kept_by_rq = Job.fetch(job_id, connection=redis, serializer=JSONSerializer).latest_result().return_value
    assert kept_by_rq["ok"] is True and "result" not in kept_by_rq  # no second copy of the figure


def test_nan_figures_and_tricky_messages_come_through_and_old_outcomes_still_read(chart):
    running, client, entity_id = chart
    job_id, answer = run(client, entity_id, "awkward")
    state = answer.json()
    assert state["status"] == "finished", state
    assert state["result"]["figure"]["data"][0]["y"] == [None, 2.5]
    assert state["result"]["data"][0]["value"] == 2
    assert state["messages"][0]["message"] == 'ends with a backslash \\ and says ,"result":{"x":1} \\'

    # An outcome as an older worker wrote it (result before messages, no length) is read whole.
    redis = running.pool_redis()
    key = Keys(running.name).job_outcome(job_id)
    old = {"worker": "w", "ok": True, "result": state["result"], "messages": state["messages"]}
    redis.set(key, json.dumps(old))
    again = client.get(f"/api/jobs/{job_id}").json()
    assert again["result"] == state["result"] and again["messages"] == state["messages"]


def test_the_size_limit_is_measured_on_the_text_that_is_stored():
    figure = big_figure(1)
    payload, text = encode_result(PlotlyResult(figure), max_bytes=None)
    assert payload["figure"] is figure  # a plain figure dict is not copied
    assert json.loads(text) == serialize_result(PlotlyResult(figure), max_bytes=None)
    encode_result(PlotlyResult(figure), max_bytes=len(text))
    with pytest.raises(ResultTooLarge):
        encode_result(PlotlyResult(figure), max_bytes=len(text) - 1)


def test_an_outcome_that_is_not_in_the_pass_through_layout_is_not_split():
    result_text = '{"type":"ActionResult"}'
    outcome = Succeeded.model_validate(
        {
            "ok": True,
            "worker": "w",
            "result": {"type": "ActionResult"},
            "messages": [{"kind": "info", "message": '"result":\\'}],
        }
    )
    stored = encode_with_result(outcome, result_text)
    assert split_result(stored)[1] == result_text
    assert json.loads(stored)["result"] == {"type": "ActionResult"}
    assert split_result(stored[:-1] + ',"x":1}') is None  # something after the result: read whole
    assert split_result(json.dumps({"ok": True, "result": {"type": "ActionResult"}, "messages": []})) is None
