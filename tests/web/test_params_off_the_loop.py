"""Params are checked off the event loop (issue 22, item 6): while a save's params are being checked,
the web process answers other requests.

The web app runs in the test process (TestClient's portal thread runs its event loop); the real
check is wrapped by a gate that holds it until the test's other request has been answered. Were the
check on the event loop, that request could not be answered until the gate's hang guard gave up.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from viktorlite.protocol import params_check
from viktorlite.web.routes import param_routes

GUARD = 30.0
"""How long the gate holds a check at most (a hang guard: the test passes long before)."""


class Gate:
    """Wraps the real params check: notes where it ran, then holds it until released."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.released = threading.Event()
        self.gave_up = False
        self.on_event_loop: list[bool] = []

    def __call__(self, *args: Any, **kwargs: Any) -> list[params_check.Problem]:
        try:
            asyncio.get_running_loop()
            self.on_event_loop.append(True)
        except RuntimeError:
            self.on_event_loop.append(False)
        self.entered.set()
        if not self.released.wait(GUARD):
            self.gave_up = True
        return params_check.check_params(*args, **kwargs)


def test_another_request_is_answered_while_a_big_save_is_checked(publish_app, monkeypatch):
    published = publish_app("calculator")
    gate = Gate()
    monkeypatch.setattr(param_routes, "check_params", gate)
    with published.client() as client, ThreadPoolExecutor(1) as pool:
        entity = client.post("/api/entities", json={"entity_type": "Calculator", "name": "big"}).json()
        params = {"numbers": {"a": 1, "b": 2}, "mode": "product"}
        saving = pool.submit(client.put, f"/api/entities/{entity['id']}/params", json={"params": params})
        assert gate.entered.wait(GUARD), "the save never reached the params check"
        app = client.get("/api/app")  # answered while the save's check is held
        gate.released.set()
        saved = saving.result(timeout=GUARD + 30)
    assert app.status_code == 200 and saved.status_code == 200, (app.text, saved.text)
    assert not gate.gave_up, "GET /api/app waited for the params check to end"
    assert gate.on_event_loop == [False]


def test_a_big_body_that_is_wrong_is_still_refused_naming_the_fields(publish_app):
    published = publish_app("calculator")
    with published.client() as client:
        entity = client.post("/api/entities", json={"entity_type": "Calculator", "name": "big"}).json()
        params = {"numbers": {"a": "one", "b": 2}, "mode": "cube", **{f"extra{i}": i for i in range(5000)}}
        refused = client.put(f"/api/entities/{entity['id']}/params", json={"params": params})
    assert refused.status_code == 422, refused.text
    fields = {problem["field"] for problem in refused.json()["problems"]}
    assert {"numbers.a", "mode", "extra0", "extra4999"} <= fields
