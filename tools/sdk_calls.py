"""Evaluate SDK calls and print their results as JSON: one half of the differential test.

Run by tests/sdk/test_differential.py twice, as long-lived processes: with the Python of a
throwaway environment holding the real SDK from the registry, and with viktorlite's
(``--viktorlite``, which makes ``import viktor`` ours). Each line on stdin is a JSON list of
calls, each call a Python expression over the SDK's names (``"Line(Point(0, 0), Point(3, 4)).length"``);
each line on stdout is the JSON list of their results, in a form both sides can compare: numbers,
strings, lists, tagged objects (``{"Point": [x, y, z]}``), or ``{"raises": "ValueError"}``.
Only the standard library is used, so the same file runs in both environments.
"""

from __future__ import annotations

import argparse
import enum
import json
import math
import sys
import uuid
import warnings
from typing import Any

#: Objects whose state is their value: tag -> the attributes that make it up.
OBJECT_FIELDS = {
    "Point": ("x", "y", "z"),
    "Vector": ("x", "y", "z"),
    "Line": ("start_point", "end_point"),
    "Polyline": ("points",),
    "PiezoLine": ("points", "phreatic"),
    "Arc": ("centre_point", "start_point", "end_point", "short_arc"),
    "GeoPoint": ("lat", "lon"),
    "GeoPolyline": ("points",),
    "GeoPolygon": ("points",),
    "Triangle": ("vertices",),
    "Soil": ("name", "color", "properties"),
    "UndefinedSoil": ("name", "color", "properties"),
    "SoilLayer": ("soil", "top_of_layer", "bottom_of_layer", "properties"),
    "SoilLayout": ("layers",),
    "PositionalSoilLayout": ("x", "layers"),
    "SoilLayer2D": ("soil", "top_profile", "bottom_profile", "properties"),
    "SoilLayout2D": ("layers", "left_boundary", "right_boundary"),
}


def encode(value: Any, depth: int = 0) -> Any:
    """A JSON-safe description of ``value`` that is equal on both sides when the values are."""
    if depth > 12:
        return {"type": type(value).__name__}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int) and not isinstance(value, enum.Enum):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"float": repr(value)}
    if type(value).__module__.split(".")[0] == "numpy" and hasattr(value, "tolist"):  # without importing numpy
        converted = encode(value.tolist(), depth + 1)
        return {"array": converted} if getattr(value, "ndim", 0) else converted
    if isinstance(value, enum.Enum):
        return {"enum": f"{type(value).__name__}.{value.name}"}
    if isinstance(value, bytes):
        return {"bytes": value.decode("latin-1")}
    if isinstance(value, uuid.UUID):
        return {"type": "UUID"}
    name = type(value).__name__
    if name == "Color" and isinstance(value, tuple):
        return {"Color": [encode(v, depth + 1) for v in value]}
    if isinstance(value, tuple):
        return {"tuple": [encode(v, depth + 1) for v in value]}
    if isinstance(value, list):
        return [encode(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {"dict": {str(k): encode(v, depth + 1) for k, v in value.items()}, "type": name}
    if name in OBJECT_FIELDS:
        return {name: [encode(getattr(value, field), depth + 1) for field in OBJECT_FIELDS[name]]}
    return {"type": name}


def evaluate(expression: str, namespace: dict[str, Any]) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return encode(eval(expression, namespace))  # noqa: S307 (the test writes these expressions)
    except Exception as exc:  # the exception type is part of the behaviour compared
        return {"raises": type(exc).__name__}


def then(obj: Any, method: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``obj.method(*args, **kwargs)`` for its effect and give back ``obj`` (chains in one expression)."""
    getattr(obj, method)(*args, **kwargs)
    return obj


def read(opened: Any) -> Any:
    """Everything an opened file holds, closing it (``File.open()`` and ``open_binary()`` results)."""
    with opened as handle:
        return handle.read()


def namespace() -> dict[str, Any]:
    import viktor
    import viktor.geo
    import viktor.geometry
    import viktor.utils
    import viktor.views

    names: dict[str, Any] = {"viktor": viktor, "math": math, "then": then, "read": read}
    for module in (viktor.views, viktor.utils, viktor.geo, viktor.geometry):
        names.update({k: v for k, v in vars(module).items() if not k.startswith("_")})
    names.update({k: getattr(viktor, k) for k in ("Color", "File")})
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viktorlite", action="store_true", help="make `import viktor` viktorlite's SDK first")
    args = parser.parse_args()
    if args.viktorlite:
        from viktorlite.app.viktor_alias import install

        install()
    protocol, sys.stdout = sys.stdout, sys.stderr  # what the SDK prints must not mix with the answers
    names = namespace()
    for line in sys.stdin:
        results = [evaluate(expression, names) for expression in json.loads(line)]
        protocol.write(json.dumps(results) + "\n")
        protocol.flush()


if __name__ == "__main__":
    main()
