"""LibreOffice for the spreadsheet services: .xls workbooks read as .xlsx, and large workbooks recalculated.

An .xls (Excel 97-2003, a binary OLE2 file) holds its formulas in compiled form; no well-kept Python
library turns them back into formula text (xlrd reads only the values Excel last cached), so the
formulas engine cannot recalculate one. LibreOffice reads it with its formulas and saves it as
.xlsx, the format the rest of the service works on. LibreOffice also recalculates a workbook on
loading it (openpyxl writes formulas without cached results), in seconds even for 10,000 formulas,
where the pure-Python engine needs minutes: :func:`recalculate` is the engine for large workbooks.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import stat
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from . import _libreoffice
from ._offline import MARKER
from .errors import SpreadsheetError

#: The first bytes of an OLE2 compound file: an .xls workbook (or an old .doc).
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PACKAGE = "libreoffice-calc-nogui"
#: Seconds kept free before the job's own time limit, to report a LibreOffice overrun ourselves.
_JOB_MARGIN_SECONDS = 3.0


class LibreOfficeMissing(ConnectionError, SpreadsheetError):
    """LibreOffice is needed and not installed: a ``SpreadsheetError`` the app may catch, and a
    ``ConnectionError`` saying "not available offline", as ``viktorlite check`` reports unsupported."""


def is_xls(data: bytes) -> bool:
    return data.startswith(OLE2_SIGNATURE)


def available() -> bool:
    return _libreoffice.find_soffice() is not None


def xls_to_xlsx(data: bytes, caller: str) -> bytes:
    """The .xls workbook ``data`` saved as .xlsx by LibreOffice, formulas kept.

    Conversions are kept in the temp dir, by content: a worker's jobs are forked from it and lose
    what they keep in memory, but share its temp dir, so each workbook is converted once per worker.
    """
    folder = _private_folder()
    kept = folder / f"{hashlib.sha256(data).hexdigest()}.xlsx" if folder else None
    if kept is not None:
        with contextlib.suppress(OSError):
            return kept.read_bytes()
    if not available():
        raise LibreOfficeMissing(
            f"{caller}: reading an .xls workbook needs LibreOffice (soffice on PATH), {MARKER} in viktorlite. "
            f"Install it, e.g. `apt-get install {PACKAGE}`, or save the workbook as .xlsx"
        )
    converted = _convert(data, ".xls", caller, _libreoffice.CONVERT_TIMEOUT_SECONDS)
    if kept is not None:
        with contextlib.suppress(OSError):  # a cache: a full disk only costs the next conversion
            partial = kept.with_suffix(f".{os.getpid()}.part")
            partial.write_bytes(converted)
            os.replace(partial, kept)  # whole or not at all, for a job reading it at the same time
    return converted


def _private_folder() -> Path | None:
    """This user's folder of converted workbooks in the temp dir; None if another user could write it."""
    folder = Path(tempfile.gettempdir()) / f"viktorlite-xls-as-xlsx-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        status = folder.lstat()
    except OSError:
        return None
    private = stat.S_ISDIR(status.st_mode) and status.st_uid == os.getuid() and not status.st_mode & 0o077
    return folder if private else None


def recalculate(filled: bytes, sheet: str, cells: list[str], formula_cells: int, caller: str) -> dict[str, Any]:
    """Cell of ``sheet`` -> value after LibreOffice recalculated the .xlsx workbook ``filled``.

    Values are as LibreOffice stores them: numbers with 15 significant digits, errors as their text.
    Stopped before the job's time limit, with an error that says so.
    """
    from openpyxl import load_workbook

    left, limit = _job_time_left()
    timeout = _libreoffice.CONVERT_TIMEOUT_SECONDS if left is None else max(1.0, left - _JOB_MARGIN_SECONDS)
    what = f"recalculate the workbook ({formula_cells} formula cells)"
    try:
        recalculated = _convert(filled, ".xlsx", caller, timeout)
    except TimeoutError:
        if limit is None:
            within = f"{timeout:.3g} s"
        else:
            within = f"the {timeout:.3g} s left of the job's time limit ({limit} s; job_timeout in viktor.config.toml)"
        raise SpreadsheetError(f"{caller}: LibreOffice did not {what} within {within}") from None
    workbook = load_workbook(io.BytesIO(recalculated), data_only=True, read_only=True)
    try:
        if sheet not in workbook.sheetnames:
            raise SpreadsheetError(f"{caller}: LibreOffice's recalculated workbook has no sheet {sheet!r}")
        values = {}
        wanted = set(cells)
        for row in workbook[sheet].iter_rows():
            for cell in row:
                coordinate = getattr(cell, "coordinate", None)
                if coordinate in wanted:
                    values[coordinate] = _as_computed(cell)
        return values
    finally:
        workbook.close()


def _as_computed(cell: Any) -> Any:
    """A recalculated cell's value as the formulas engine gives it: a date-formatted number stays a
    number (openpyxl reads it as a datetime), an empty text result is ``""`` (openpyxl reads None)."""
    from openpyxl.utils.datetime import to_excel

    value = cell.value
    if isinstance(value, datetime | date | time | timedelta):
        number = to_excel(value)
        return int(number) if float(number).is_integer() else number
    if value is None and cell.data_type == "str":
        return ""
    return value


def _convert(data: bytes, suffix: str, caller: str, timeout: float) -> bytes:
    try:
        return _libreoffice.convert(
            data, suffix=suffix, target="xlsx", caller=caller.removesuffix("()"), package=PACKAGE, timeout=timeout
        )
    except ValueError as error:  # names the caller, the file type and LibreOffice's own message
        raise SpreadsheetError(str(error)) from None


def _job_time_left() -> tuple[float | None, int | None]:
    """Seconds left before the running RQ job's time limit, and that limit; (None, None) outside a job."""
    try:
        from rq import get_current_job
    except ImportError:
        return None, None
    job = get_current_job()
    if job is None or job.timeout is None or job.timeout < 0 or job.started_at is None:
        return None, None
    started = job.started_at if job.started_at.tzinfo else job.started_at.replace(tzinfo=UTC)
    elapsed = (datetime.now(UTC) - started).total_seconds()
    return job.timeout - elapsed, int(job.timeout)
