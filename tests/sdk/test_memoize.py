"""``viktor.memoize`` on a real Redis, inside a job context made the way the worker makes it."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

import pytest

from viktorlite.jobs import context as job_context
from viktorlite.sdk import Color, memoize
from viktorlite.sdk.api_v1 import Entity, FileResource
from viktorlite.store.keys import Keys
from viktorlite.store.memo_cache import TTL_SECONDS, clear_local

Enter = Callable[..., job_context.JobContext]


@pytest.fixture
def app() -> str:
    return f"memo-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def enter(enter_job, app) -> Enter:
    """Enter a job context of ``app`` (dev by default); left again after the test."""

    def enter_memo_job(
        *, production: bool = False, worker: str = "worker-1", capacity: int = 10
    ) -> job_context.JobContext:
        return enter_job(app=app, production=production, worker=worker, memoize_dev_entries=capacity)

    return enter_memo_job


def counted() -> tuple[Callable[..., object], list[tuple[object, ...]]]:
    calls: list[tuple[object, ...]] = []

    @memoize
    def square(x: object, label: str = "") -> object:
        calls.append((x, label))
        return {"square": x * x if isinstance(x, int) else None, "label": label, "pair": (1, 2)}

    return square, calls


def test_a_hit_does_not_run_the_function_and_returns_a_fresh_copy(enter):
    enter()
    square, calls = counted()
    first = square(3)
    first["square"] = "changed by the caller"
    second = square(3)
    assert len(calls) == 1
    assert second == {"square": 9, "label": "", "pair": [1, 2]}  # tuples come back as lists
    assert second is not square(3)


def test_the_key_is_the_arguments_exactly_as_passed(enter):
    enter()
    square, calls = counted()
    square(2, "a")
    square(x=2, label="a")
    square(2, label="a")
    square(2, "a")
    square(label="a", x=2)  # the same keywords in another order are the same call
    assert len(calls) == 3


def test_tuples_in_arguments_count_as_lists(enter):
    enter()
    square, calls = counted()
    square((1, 2))
    square([1, 2])
    assert len(calls) == 1


def test_params_value_types_round_trip(enter):
    enter()

    @memoize
    def echo(value: object) -> object:
        return value

    value = {
        "colour": Color(1, 2, 3),
        "day": datetime.date(2024, 2, 29),
        "moment": datetime.datetime(2024, 2, 29, 12, 30, tzinfo=datetime.UTC),
        "file": FileResource(1, "a" * 32),
        "numbers": [1, 2.5, None, True, "x"],
        1: "an int key becomes a string, as in JSON",
    }
    expected = {**value, "1": value[1]}
    del expected[1]
    assert echo(value) == expected
    again = echo(value)
    assert type(again["colour"]) is Color and type(again["day"]) is datetime.date
    assert type(again["file"]) is FileResource


def test_geo_values_round_trip(enter):
    geometry = pytest.importorskip("viktorlite.sdk.geometry")
    enter()

    @memoize
    def echo(value: object) -> object:
        return value

    point = geometry.GeoPoint(52.0, 4.3)
    line = geometry.GeoPolyline(point, geometry.GeoPoint(52.1, 4.4))
    area = geometry.GeoPolygon(point, geometry.GeoPoint(52.1, 4.4), geometry.GeoPoint(52.2, 4.3))
    assert echo([point, line, area]) == [point, line, area]
    types = [type(v) for v in echo([point, line, area])]
    assert types == [geometry.GeoPoint, geometry.GeoPolyline, geometry.GeoPolygon]


def test_unsupported_values_are_refused_naming_where_they_are(enter):
    enter()

    @memoize
    def compute(x: object, options: object = None) -> object:
        return {"bad": object()} if x == "bad result" else x

    with pytest.raises(TypeError, match=r"compute\(\): argument 'options' at \['a'\]\[1\] is a builtins.set"):
        compute(1, {"a": [1, {2}]})
    with pytest.raises(TypeError, match=r"compute\(\): argument 'x' is an Entity, which memoize cannot store"):
        compute(Entity(1))
    with pytest.raises(TypeError, match=r"compute\(\): argument 'options' has a key of type tuple"):
        compute(1, options={(1, 2): "x"})
    with pytest.raises(TypeError, match=r"compute\(\): its result at \['bad'\] is a builtins.object"):
        compute("bad result")
    with pytest.raises(TypeError, match="memoize decorates a function"):
        memoize(42)  # type: ignore[arg-type]


def test_development_cache_keeps_ten_entries_first_in_first_out(enter):
    enter()
    square, calls = counted()
    for x in range(10):
        square(x)
    for x in range(10):
        square(x)  # all ten are hits
    assert len(calls) == 10
    square(10)  # the eleventh pushes out the first
    for x in range(1, 11):
        square(x)
    assert len(calls) == 11
    square(0)
    assert calls[-1] == (0, "")


def test_development_capacity_is_configurable(enter):
    enter(capacity=2)
    square, calls = counted()
    square(1), square(2), square(3), square(3), square(2)
    assert len(calls) == 3
    square(1)
    assert len(calls) == 4


def test_development_caches_are_per_worker_and_production_is_shared_and_uncapped(enter):
    square, calls = counted()
    enter(worker="worker-1")
    square(1)
    enter(worker="worker-2")
    square(1)
    assert len(calls) == 2
    enter(production=True, worker="worker-1")
    for x in range(20):
        square(x)
    enter(production=True, worker="worker-3")
    for x in range(20):
        square(x)
    assert len(calls) == 22


def test_entries_live_24_hours(enter, redis_client, app):
    square, _ = counted()
    enter(production=True)
    square(1)
    enter(worker="worker-1")
    square(1)
    entries = list(redis_client.scan_iter(f"{Keys(app).prefix}:memo:*"))
    assert len(entries) == 3  # the shared entry, the worker's entry and its order list
    for key in entries:
        assert TTL_SECONDS - 60 < redis_client.ttl(key) <= TTL_SECONDS == 24 * 3600


def test_a_restarted_development_worker_starts_empty(enter, redis_client, app):
    square, calls = counted()
    enter(worker="worker-1")
    square(1)
    clear_local(redis_client, app, "worker-1")
    square(1)
    assert len(calls) == 2
    assert list(redis_client.scan_iter(f"{Keys(app).prefix}:memo:local:worker-2:*")) == []


def test_outside_a_job_the_function_just_runs():
    square, calls = counted()
    assert square(2) == {"square": 4, "label": "", "pair": (1, 2)}
    square(2)
    assert len(calls) == 2
