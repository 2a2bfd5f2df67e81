"""viktorlite/store/slow_views.py on a real Redis: a slow view's last result outlives its job."""

from __future__ import annotations

from viktorlite.store.blobs import BlobStore
from viktorlite.store.entities import EntityStore
from viktorlite.store.keys import Keys
from viktorlite.store.slow_views import SlowViewResults, is_slow


def test_the_last_result_is_kept_with_its_params_and_its_blobs(redis_client):
    app = "slow-views-test"
    keys = Keys(app)
    blobs = BlobStore(redis_client, app)
    entity_id = EntityStore(redis_client, app).create("Beam", "b", {"load": 5}).id
    first = blobs.put(b"png", filename="a.png")
    redis_client.expire(keys.blob(first), 60)  # result blobs expire with their job ...
    kept = SlowViewResults(redis_client, app)
    kept.keep(entity_id, "analysis", params={"load": 5}, result={"type": "ImageResult", "image": {"blob": first}})
    assert redis_client.ttl(keys.blob(first)) == -1  # ... unless a kept result needs them
    record = kept.get(entity_id, "analysis")
    assert record is not None and record["params"] == {"load": 5} and record["computed_at"]

    second = blobs.put(b"png2", filename="b.png")
    kept.keep(entity_id, "analysis", params={"load": 7}, result={"type": "ImageResult", "image": {"blob": second}})
    assert not redis_client.exists(keys.blob(first))  # the replaced result's blob went with it
    assert set(kept.all(entity_id)) == {"analysis"}
    assert kept.all(entity_id)["analysis"]["params"] == {"load": 7}

    EntityStore(redis_client, app).delete(entity_id)
    assert kept.all(entity_id) == {}
    assert not redis_client.exists(keys.blob(second))


def test_the_platform_line_between_quick_and_slow():
    assert not is_slow(None) and not is_slow(1) and not is_slow(3)
    assert is_slow(3.5) and is_slow(10)
