"""A job whose method returns and whose result is then read slowly: the moment a stop comes after the
method returned, held open by the test (issue 16, item 7).

The method leaves ``ran-TAG``; the result's HTML is read by the runtime after the method returned
(while it encodes the result), and that read leaves ``reading-TAG`` and waits for the test's ``go-TAG``.
"""

import time
from pathlib import Path

import viktor as vkt

HERE = Path(__file__).parent
#: A hang guard for a test that never says go.
LONGEST_WAIT = 120


class Parametrization(vkt.Parametrization):
    tag = vkt.TextField("Tag", default="job")


class HeldRead:
    """A file-like HTML source whose read the test holds until it writes ``go-TAG``."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def read(self) -> bytes:
        (HERE / f"reading-{self.tag}").write_text("reading")
        end = time.monotonic() + LONGEST_WAIT
        while not (HERE / f"go-{self.tag}").exists() and time.monotonic() < end:
            time.sleep(0.01)
        return b"<p>done</p>"


class Race(vkt.Controller):
    label = "Race"
    parametrization = Parametrization

    @vkt.WebView("Returns, then is read slowly")
    def returns_then_read(self, params, **kwargs):
        (HERE / f"ran-{params.tag}").write_text("ran")
        return vkt.WebResult(html=HeldRead(params.tag))
