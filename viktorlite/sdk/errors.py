"""``viktor.errors``: the exceptions apps raise or catch.

Only :class:`UserError` has runtime meaning here (the worker turns it into a "user" job error
with input violations); the others exist so that apps importing or catching them keep working.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ._deprecated import removed_names, user_exception

__all__ = [
    "BadRequestError",
    "ComputeError",
    "EntityCreateError",
    "EntityDeleteError",
    "EntityError",
    "EntityNotFoundError",
    "EntityReviseError",
    "Error",
    "ExecutionError",
    "GEFClassificationError",
    "GEFParsingError",
    "InputViolation",
    "InternalError",
    "LicenseError",
    "ModelError",
    "ParsingError",
    "PermissionDeniedError",
    "ResourceNotFoundError",
    "SciaParsingError",
    "SpreadsheetError",
    "SummaryError",
    "UserError",
    "ViewError",
    "WordFileError",
    "WorkerSessionAttachError",
    "WorkerSessionError",
]


@dataclass(init=False)
class InputViolation:
    """A message attached to fields, given by dotted attribute path (not their ``name=``)."""

    message: str
    fields: list[str]

    def __init__(self, message: str, fields: Sequence[str]) -> None:
        self.message = str(message)
        self.fields = [fields] if isinstance(fields, str) else list(fields)

    def to_json(self) -> dict[str, Any]:
        """The form used in a job outcome's ``error.input_violations``."""
        return {"message": self.message, "fields": list(self.fields)}


class UserError(Exception):
    """Aborts the job and shows its messages to the user, marking the violating fields."""

    def __init__(self, *messages: Any, input_violations: Sequence[InputViolation] | None = None):
        super().__init__(*messages)
        self.messages: list[str] = [str(m) for m in messages]
        self.input_violations: list[InputViolation] = list(input_violations or [])

    def __str__(self) -> str:
        return "\n".join(self.messages)


class Error(Exception):
    """Base of the errors raised by platform calls (API, workers, computations)."""


class BadRequestError(Error):
    """HTTP 400 from the platform."""


class PermissionDeniedError(Error):
    """HTTP 403 from the platform."""


class ResourceNotFoundError(Error):
    """HTTP 404 from the platform."""


class PreconditionFailedError(Error):
    """HTTP 412 from the platform."""


class EntityError(Error):
    """An entity operation failed."""


class EntityCreateError(EntityError):
    pass


class EntityDeleteError(EntityError):
    pass


class EntityNotFoundError(EntityError):
    pass


class EntityReviseError(EntityError):
    """Setting params or renaming an entity failed."""


class ExecutionError(Error):
    """An external analysis failed to run."""


class LicenseError(Error):
    pass


class ModelError(Error):
    pass


class ParsingError(Error):
    pass


class InternalError(Error):
    pass


class ComputeError(Error):
    """A job computation (e.g. ``Entity.compute``) failed."""


class WorkerSessionError(Error):
    pass


class WorkerSessionAttachError(WorkerSessionError):
    def __init__(self, *messages: Any, reason: str = "") -> None:
        super().__init__(*messages)
        self.reason = reason


class GEFClassificationError(Exception):
    pass


class GEFParsingError(Exception):
    pass


class SciaParsingError(Exception):
    pass


class SpreadsheetError(Exception):
    pass


class SummaryError(Exception):
    pass


class ViewError(Exception):
    pass


class WordFileError(Exception):
    pass


# Last: user_exception() imports UserError from this module.
__getattr__ = removed_names(__name__, user_exception())
