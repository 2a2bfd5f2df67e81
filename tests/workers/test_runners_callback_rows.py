"""Callbacks of Table columns and DynamicArray fields, as the SDK 14.36.2 evaluates them (issue 17, item 1).

Checked against the real SDK's job handler (``method_type="parametrization"``): a callback gets
``params`` and the entity kwargs, never a row; in a DynamicArray an options callback may return one
list per row, a ``visible``/``min``/``max`` callback one value per row.
"""

from __future__ import annotations

from support import APPS


def values(app, params) -> dict:
    result = app.run("callbacks", params, trigger="callback", entity_type="Beam").result
    assert result["warnings"] == []
    return result["values"]


def options(*names: str) -> list[dict]:
    return [{"value": n, "label": n, "visible": True} for n in names]


def test_table_column_and_array_options_from_callbacks(in_process):
    app = in_process(APPS / "editor_flow")
    params = app.default_params("Beam")
    got = values(app, params)
    assert got["members.profile"]["options"] == options("HEA200", "HEA300", "IPE240")  # one list for the column
    assert got["members.width"]["visible"] is True
    assert got["supports.fixity"]["options"] == {"per_row": [options("pinned", "fixed"), options("roller")]}
    assert got["supports.profile"]["options"] == options("HEA200", "HEA300", "IPE240")

    params["material"] = "concrete"
    params["supports"].append({"kind": "hinge"})
    got = values(app, params)
    assert got["members.profile"]["options"] == options("C30/37")
    assert got["members.width"]["visible"] is False
    assert got["grade"]["options"] == options("C30/37")
    assert got["supports.fixity"]["options"]["per_row"][2] == options("pinned", "fixed")
