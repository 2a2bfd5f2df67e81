"""Revisions announced while the summaries' subscription was down are found again when it is back."""

from __future__ import annotations

from viktorlite.store.entities import EntityStore
from viktorlite.web.summaries import missed_revisions


def test_the_revisions_without_a_summary_are_the_missed_ones(publish_app):
    app = publish_app("redis_faults")
    store = EntityStore(app.pool_redis(), app.name)
    done = store.create("Sample", "Done", {"value": 1})
    store.set_summary(done.id, 1, {"value": {"label": "Value", "value": 1}})
    behind = store.create("Sample", "Behind", {"value": 1})
    store.set_summary(behind.id, 1, {"value": {"label": "Value", "value": 1}})
    store.save_params(behind.id, {"value": 2})
    never = store.create("Sample", "Never", {"value": 3})
    missed = {(e["entity_id"], e["revision"]) for e in missed_revisions(store)}
    assert missed == {(behind.id, 2), (never.id, 1)}
    assert all(e["change"] == "saved" and e["entity_type"] == "Sample" for e in missed_revisions(store))
