"""``viktor.external``: integrations that run on a VIKTOR worker (SCIA, D-series, Excel, ...).

Offline there is no worker, so each ``viktor.external.<program>`` module holds stand-ins with the
real SDK's names and signatures (made by :mod:`._standin` from a catalog of the real namespace):
constructing works, running the program raises UnavailableOffline naming it. Two modules work
locally: :mod:`.word` (docx templates) and :mod:`.spreadsheet` (a formula engine).
"""

from . import _standin

_standin.materialise(globals(), "a VIKTOR worker")
