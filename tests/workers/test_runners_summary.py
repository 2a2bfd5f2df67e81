"""workers/runners/summary.py in the test process: an entity's summary, item by item, for its newest revision.

The summary kept up to date through the web process and real workers: ``tests/sdk/test_api_v1_jobs.py``.
"""

from __future__ import annotations

from viktorlite.store.entities import EntityStore


def test_items_come_from_params_and_quick_views_and_a_bad_item_costs_only_itself(in_process):
    app = in_process("entity_api")
    store = EntityStore(app.connection, app.name)
    project = app.new_entity("Project", "Demo")
    app.new_entity("Floor", "Ground", parent_id=project)
    store.save_params(project, {"client": "Bouw BV", "action": "", "arg": ""})
    ran = app.run("summary", {}, trigger="summary", entity_type="Project", entity_id=project)
    result = ran.result
    assert result["type"] == "SummaryResult" and result["revision"] == 2
    items = result["items"]
    assert items["client"]["value"] == "Bouw BV"
    assert (items["area"]["value"], items["area"]["suffix"], items["area"]["label"]) == (100.0, "m2", "Total area")
    assert items["missing"]["value"] is None and "no.such.path" in items["missing"]["error"]
    assert store.summary(project) == items  # kept with the entity


def test_a_summary_job_needs_an_entity_that_exists(in_process):
    app = in_process("entity_api")
    ran = app.run("summary", {}, trigger="summary", entity_type="Project")
    assert ran.error == {"kind": "system", "message": "a summary job needs an entity"}
    gone = app.run("summary", {}, trigger="summary", entity_type="Project", entity_id=999)
    assert gone.error["kind"] == "system" and "999" in gone.error["message"]
