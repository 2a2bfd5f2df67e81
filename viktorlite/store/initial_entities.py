"""Create the app's ``initial_entities`` from the manifest, as the platform does when an app starts.

Development: the whole tree is re-applied on every start (a missing entity is created; one whose
params differ gets the declared params as a new revision, so nothing is lost). Production: only
the top-level entities, and only the first time.
"""

from __future__ import annotations

import logging
from typing import Any

from redis import Redis

from viktorlite.store.entities import EntityRecord, EntityStore
from viktorlite.store.keys import Keys

log = logging.getLogger(__name__)
AUTHOR = "initial entities"


def _apply(store: EntityStore, declared: list[dict[str, Any]], parent_id: int | None, recurse: bool) -> int:
    changed = 0
    for entity in declared:
        record: EntityRecord | None = store.find(entity["entity_type"], entity["name"], parent_id)
        if record is None:
            record = store.create(entity["entity_type"], entity["name"], entity["params"], parent_id=parent_id)
            changed += 1
        elif store.latest_revision(record.id).params != entity["params"]:
            store.save_params(record.id, entity["params"], author=AUTHOR)
            changed += 1
        if recurse:
            changed += _apply(store, entity.get("children", []), record.id, recurse)
    return changed


def apply_initial_entities(connection: Redis, manifest: dict[str, Any], *, production: bool) -> int:
    """Apply the manifest's initial entities; returns how many entities were created or reset."""
    declared = manifest.get("initial_entities") or []
    if not declared:
        return 0
    app = manifest["app"]
    store = EntityStore(connection, app)
    if production:
        if not connection.set(Keys(app).initial_entities_applied, "1", nx=True):
            return 0
        return _apply(store, [dict(e, children=[]) for e in declared], None, recurse=False)
    changed = _apply(store, declared, None, recurse=True)
    log.info("initial entities applied: %d created or reset", changed)
    return changed
