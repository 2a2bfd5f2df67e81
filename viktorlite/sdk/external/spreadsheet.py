"""``viktor.external.spreadsheet``: not implemented locally yet; a stand-in."""

from __future__ import annotations

from .._offline import offline_module

__getattr__ = offline_module(__name__, "the VIKTOR spreadsheet service")
