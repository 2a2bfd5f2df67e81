"""Params in the form the editor stores them (plain JSON), from what an app hands over.

Used by the button results that set params and by the API calls that save them.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from typing import Any

from .core import Color


def stored_params(value: Any, where: str) -> Any:
    """Params as the editor stores them: plain JSON (dates as ISO text, colours as {r, g, b})."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where}: {value} is not a number JSON can hold")
        return value
    if isinstance(value, Mapping):
        return {str(k): stored_params(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, Color):  # stored like a ColorField stores it
        return {"r": value.r, "g": value.g, "b": value.b}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return stored_params(value.item(), where)
    for attribute in ("_to_json", "to_json"):  # geo values and other SDK objects that know their form
        method = getattr(value, attribute, None)
        if callable(method):
            return stored_params(method(), where)
    if isinstance(value, Iterable) and not isinstance(value, (bytes, bytearray)):
        return [stored_params(v, f"{where}[]") for v in value]
    raise TypeError(f"{where}: a {type(value).__name__} cannot be a param value")
