"""``viktor.core``: the controller base class, colours and user messages.

File (``_file``), Storage (``_storage``), InitialEntity and ParamsFromFile (``_app_structure``)
live in modules of their own and are re-exported here.
"""

from __future__ import annotations

import datetime as _datetime
import logging
import os
import random as _random
import sys
import warnings
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from . import errors as _errors
from ._app_structure import InitialEntity, ParamsFromFile
from ._deprecated import removed_names, user_exception
from ._file import File
from ._storage import Storage

# Errors the SDK's core module exposes too (``from viktor.core import UserError``).
from .errors import EntityNotFoundError as EntityNotFoundError
from .errors import PermissionDeniedError as PermissionDeniedError
from .errors import SummaryError as SummaryError
from .errors import UserError as UserError

__all__ = [
    "Color",
    "Controller",
    "File",
    "InitialEntity",
    "ParamsFromFile",
    "Storage",
    "UserMessage",
    "ViktorController",
    "progress_message",
]

logger = logging.getLogger("viktor")

#: The SDK's older name of InternalError.
ViktorInternalError = _errors.InternalError

#: The SDK version whose API this implementation follows.
sdk_version = "14.36.2"
#: How often the SDK retries a failed platform request; viktorlite's calls are local.
DEFAULT_RETRIES = 0
#: Tolerances the SDK compares floats with (``math.isclose``), e.g. in field limits.
ISCLOSE_ATOL = 1e-08
ISCLOSE_RTOL = 1e-12

__getattr__ = removed_names(__name__, user_exception())

#: Where user messages go: ``(kind, message, percentage)`` with kind one of
#: ``"info" | "warning" | "success" | "progress"``. The worker replaces this hook to forward
#: messages to the editor; while it is None, messages are only logged.
_message_sink: Callable[[str, str, float | None], None] | None = None

_PROGRESS_MAX_CHARS = 500


class Controller:
    """Base class of an entity type: the app subclasses it and sets the class attributes."""

    label: str | None = None
    children: list[str] | None = None
    show_children_as: str | None = None
    allow_saving: bool | None = None
    summary: Any = None
    parametrization: Any = None

    def __init__(self, **kwargs: Any) -> None:
        """Accept and ignore the keyword arguments the platform may pass."""


ViktorController = Controller


class _RGB(NamedTuple):
    r: int
    g: int
    b: int


class Color(_RGB):
    """An immutable RGB colour (each channel 0-255); a tuple, so plotly accepts it directly."""

    __slots__ = ()

    def __new__(cls, r: int, g: int, b: int) -> Color:
        for channel in (r, g, b):
            if not 0 <= channel <= 255:
                raise ValueError(f"Color channels must be within 0-255, got {(r, g, b)}")
        return super().__new__(cls, int(r), int(g), int(b))

    def __repr__(self) -> str:
        return f"Color({self.r}, {self.g}, {self.b})"

    @staticmethod
    def black() -> Color:
        return Color(0, 0, 0)

    @staticmethod
    def white() -> Color:
        return Color(255, 255, 255)

    @staticmethod
    def red() -> Color:
        return Color(255, 0, 0)

    @staticmethod
    def lime() -> Color:
        return Color(0, 255, 0)

    @staticmethod
    def green() -> Color:
        return Color(0, 128, 0)

    @staticmethod
    def blue() -> Color:
        return Color(0, 0, 255)

    # The brand colours, as the SDK 14.36.2 defines them.
    @staticmethod
    def viktor_black() -> Color:
        return Color(39, 45, 51)

    @staticmethod
    def viktor_blue() -> Color:
        return Color(90, 148, 230)

    @staticmethod
    def viktor_yellow() -> Color:
        return Color(255, 214, 109)

    @staticmethod
    def random() -> Color:
        return Color(*(_random.randint(0, 255) for _ in range(3)))

    @classmethod
    def from_hex(cls, hex_value: str) -> Color:
        return cls(*cls.hex_to_rgb(hex_value))

    @classmethod
    def from_deltares(cls, value: int) -> Color:
        return cls(*cls.deltares_to_rgb(value))

    @property
    def rgb(self) -> tuple[int, int, int]:
        return (self.r, self.g, self.b)

    @property
    def hex(self) -> str:
        return self.rgb_to_hex(self.r, self.g, self.b)

    @property
    def deltares(self) -> int:
        return self.rgb_to_deltares(self.r, self.g, self.b)

    @staticmethod
    def rgb_to_hex(r: int, g: int, b: int, include_hashtag: bool = True) -> str:
        return f"{'#' if include_hashtag else ''}{r:02x}{g:02x}{b:02x}"

    @staticmethod
    def hex_to_rgb(hex_value: str) -> tuple[int, int, int]:
        """Two hex digits per channel, as the SDK reads them (no 3-digit shorthand)."""
        digits = hex_value.lstrip("#")
        try:
            return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
        except ValueError:
            raise ValueError("Provided string is not a valid hexadecimal color value") from None

    @staticmethod
    def rgb_to_deltares(r: int, g: int, b: int) -> int:
        """Deltares programs store a colour as one integer, red in the lowest byte."""
        return r + 256 * g + 65536 * b

    @staticmethod
    def deltares_to_rgb(value: int) -> tuple[int, int, int]:
        return (value % 256, value // 256 % 256, value // 65536)


def _emit(kind: str, message: str, percentage: float | None = None) -> None:
    if _message_sink is not None:
        _message_sink(kind, message, percentage)
    elif kind == "warning":
        logger.warning(message)
    else:
        logger.info("%s: %s%s", kind, message, "" if percentage is None else f" ({percentage}%)")


class UserMessage:
    """Non-blocking messages for the user; the job keeps running."""

    @classmethod
    def info(cls, message: str) -> None:
        _emit("info", str(message))

    @classmethod
    def warning(cls, message: str) -> None:
        _emit("warning", str(message))

    @classmethod
    def success(cls, message: str) -> None:
        _emit("success", str(message))


def progress_message(message: str, percentage: float | None = None) -> None:
    """Report job progress (text truncated to 500 characters, percentage 0-100)."""
    _emit("progress", str(message)[:_PROGRESS_MAX_CHARS], percentage)


def make_data_json_serializable(input_data: Any) -> Any:
    """``input_data`` with what ``json.dumps`` refuses made plain: numpy scalars become Python numbers,
    dates ISO text, tuples lists (at any depth of dicts, lists and tuples); anything else is kept."""
    if isinstance(input_data, dict):
        return {key: make_data_json_serializable(value) for key, value in input_data.items()}
    if isinstance(input_data, (list, tuple)):
        return [make_data_json_serializable(value) for value in input_data]
    if isinstance(input_data, (_datetime.date, _datetime.datetime)):
        return input_data.isoformat()
    if type(input_data).__module__ == "numpy" and hasattr(input_data, "item"):
        return input_data.item()
    return input_data


# -- helpers shared by the SDK modules (private) -------------------------------------------------


def _warn_ignored_kwargs(owner: str, kwargs: Mapping[str, Any]) -> None:
    """Warn, never fail, about arguments this SDK version does not know: newer apps must still load.

    The warning is attributed to the first caller outside the SDK package (the app's line).
    """
    if not kwargs:
        return
    package_dir = os.path.dirname(__file__)
    frame, level = sys._getframe(1), 2  # stacklevel 2 = our caller
    while frame.f_back is not None and frame.f_code.co_filename.startswith(package_dir):
        frame, level = frame.f_back, level + 1
    names = ", ".join(sorted(kwargs))
    warnings.warn(f"{owner}: ignoring unsupported argument(s): {names}", stacklevel=level)


_JSON_SCALARS = (str, int, float, bool, type(None))


def _json_or_dynamic(value: Any) -> Any:
    """A JSON-safe form of a static setting, or ``{"dynamic": true}`` for callbacks/lookups."""
    if isinstance(value, _JSON_SCALARS):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, _JSON_SCALARS) for v in value):
        return list(value)
    return {"dynamic": True}
