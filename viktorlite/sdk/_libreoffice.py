"""Word and Excel to PDF through LibreOffice, the only faithful free converter of Office files.

The platform converts on its own service; viktorlite runs ``soffice --headless --convert-to pdf``
on this machine when LibreOffice is installed, and otherwise raises :class:`UnavailableOffline`
naming the package to install (``viktorlite check`` then reports the method as unsupported).
Every conversion gets its own LibreOffice profile in a temporary directory, so conversions in
parallel workers never wait on, or break, one shared profile.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ._offline import UnavailableOffline

#: A conversion that takes longer is stopped (a document LibreOffice hangs on must not hang the job).
CONVERT_TIMEOUT_SECONDS = 120
_EXECUTABLES = ("soffice", "libreoffice")


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    for name in _EXECUTABLES:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_pdf(data: bytes, *, suffix: str, caller: str, package: str) -> bytes:
    """``data`` (a document whose type ``suffix`` names, e.g. ``.docx``) converted to PDF bytes.

    ``caller`` names the SDK function in errors; ``package`` is the Debian package that provides
    the LibreOffice part needed (``libreoffice-writer`` for Word, ``libreoffice-calc`` for Excel).
    """
    return convert(data, suffix=suffix, target="pdf", caller=caller, package=package)


def convert(
    data: bytes,
    *,
    suffix: str,
    target: str,
    caller: str,
    package: str,
    timeout: float = CONVERT_TIMEOUT_SECONDS,
) -> bytes:
    """``data`` (a document whose type ``suffix`` names) converted to ``target`` (``pdf``, ``xlsx``, ...).

    LibreOffice recalculates a workbook's formulas as it loads it, so converting to ``xlsx`` also
    gives the cached values of every formula. Raises :class:`UnavailableOffline` without
    LibreOffice, ``TimeoutError`` after ``timeout`` seconds, ``ValueError`` if it cannot convert.
    """
    soffice = find_soffice()
    if soffice is None:
        raise UnavailableOffline(
            f"{caller}()",
            "LibreOffice (soffice on PATH)",
            f"Install it to convert locally, e.g. `apt-get install {package}` (or `{package}-nogui`).",
        )
    with tempfile.TemporaryDirectory(prefix="viktorlite-soffice-") as work:
        folder = Path(work)
        source = folder / f"document{suffix}"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        # Its own process group: soffice starts soffice.bin as a child, which a timeout must stop too.
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        ) as process:
            try:
                stdout, stderr = process.communicate(timeout=timeout)
            except BaseException as stopped:  # our timeout, or the job's own (RQ raises it in this thread)
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                if isinstance(stopped, subprocess.TimeoutExpired):
                    raise TimeoutError(
                        f"{caller}(): LibreOffice did not finish converting within {timeout:.3g} s"
                    ) from None
                raise
        extension = target.split(":", 1)[0]
        produced = folder / "out" / f"document.{extension}"
        if process.returncode != 0 or not produced.is_file():
            output = (stderr or stdout).strip() or f"exit code {process.returncode}, no {extension} written"
            raise ValueError(f"{caller}(): LibreOffice could not convert the {suffix} file: {output[-500:]}")
        return produced.read_bytes()
