"""Package surface, Controller, Color, messages and errors."""

import copy
import datetime
import json
import logging

import numpy as np
import pytest

import viktorlite.sdk as vkt
from viktorlite.sdk import core
from viktorlite.sdk.errors import InputViolation, UserError, WorkerSessionAttachError


def test_package_star_exports_and_lazy_attribute_errors():
    assert vkt.__version__ == "14.36.2"
    assert vkt.ViktorController is vkt.Controller
    assert vkt.ToggleButton is vkt.BooleanField
    assert vkt.DataView is not None and vkt.UserError is not None
    with pytest.raises(AttributeError):
        vkt.no_such_thing  # noqa: B018


def test_controller_defaults():
    class Beam(vkt.Controller):
        label = "Beam"

    controller = Beam(entity_id=1, whatever=True)
    assert controller.label == "Beam"
    assert Beam.parametrization is None and Beam.children is None and Beam.summary is None


def test_color():
    red = vkt.Color(255, 0, 0)
    assert red == vkt.Color.red() == (255, 0, 0)
    assert red.hex == "#ff0000"
    assert vkt.Color.rgb_to_hex(1, 2, 3, include_hashtag=False) == "010203"
    assert vkt.Color.from_hex("#00ff00") == vkt.Color.lime()
    with pytest.raises(ValueError):  # as in the SDK: two digits per channel, no shorthand
        vkt.Color.from_hex("fff")
    assert vkt.Color.from_deltares(red.deltares) == red
    assert vkt.Color(1, 2, 3).rgb == (1, 2, 3)
    assert copy.deepcopy(red) == red
    assert all(0 <= channel <= 255 for channel in vkt.Color.random())
    with pytest.raises(ValueError):
        vkt.Color(256, 0, 0)


def test_the_brand_colours_and_the_repr_are_the_sdks():
    assert vkt.Color.viktor_black().hex == "#272d33"
    assert vkt.Color.viktor_blue().hex == "#5a94e6"
    assert vkt.Color.viktor_yellow().hex == "#ffd66d"
    assert repr(vkt.Color(1, 2, 3)) == "Color(1, 2, 3)"


def test_make_data_json_serializable_makes_numpy_dates_and_tuples_plain_at_any_depth():
    data = {
        "n": np.int64(3),
        "x": np.float32(0.5),
        "when": datetime.date(2024, 1, 2),
        "at": datetime.datetime(2024, 1, 2, 3, 4),
        "rows": [(1, np.bool_(True)), {"c": vkt.Color(1, 2, 3)}],
        "kept": {"a"},
    }
    plain = core.make_data_json_serializable(data)
    assert plain == {
        "n": 3,
        "x": 0.5,
        "when": "2024-01-02",
        "at": "2024-01-02T03:04:00",
        "rows": [[1, True], {"c": [1, 2, 3]}],
        "kept": {"a"},
    }
    assert type(plain["n"]) is int and type(plain["rows"][0][1]) is bool
    json.dumps({k: v for k, v in plain.items() if k != "kept"})


def test_messages_go_to_the_sink_or_the_log(caplog):
    received = []
    core._message_sink = lambda kind, message, pct: received.append((kind, message, pct))
    try:
        vkt.UserMessage.info("hello")
        vkt.UserMessage.warning("careful")
        vkt.UserMessage.success("done")
        vkt.progress_message("x" * 600, percentage=50)
    finally:
        core._message_sink = None
    assert received[:3] == [("info", "hello", None), ("warning", "careful", None), ("success", "done", None)]
    assert received[3] == ("progress", "x" * 500, 50)

    with caplog.at_level(logging.INFO, logger="viktor"):
        vkt.UserMessage.warning("logged")
    assert "logged" in caplog.text


def test_user_error_keeps_messages_and_violations():
    violation = InputViolation("too big", fields=["tab.section.x"])
    error = UserError("Bad input", 42, input_violations=[violation])
    assert error.messages == ["Bad input", "42"]
    assert error.input_violations == [violation]
    assert str(error) == "Bad input\n42"
    assert violation.to_json() == {"message": "too big", "fields": ["tab.section.x"]}
    with pytest.warns(DeprecationWarning, match="UserException"):
        from viktorlite.sdk.errors import UserException
    assert UserException is UserError
    assert UserError("x").input_violations == []


def test_worker_session_attach_error_reason():
    error = WorkerSessionAttachError("no worker", reason="offline")
    assert error.reason == "offline"
    assert isinstance(error, vkt.WorkerSessionError) and isinstance(error, vkt.Error)
