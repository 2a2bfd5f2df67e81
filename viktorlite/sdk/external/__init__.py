"""``viktor.external``: integrations that run on a VIKTOR worker (SCIA, D-series, Excel, ...).

Offline there is no worker, so each ``viktor.external.<program>`` module is a stand-in whose names
import fine and raise a clear "needs <program>, not available offline" error when used. Two
modules work locally: :mod:`.word` (docx templates) and :mod:`.spreadsheet` (a formula engine).
"""

from __future__ import annotations

from .._offline import UnavailableOffline, offline_class

__all__ = ["ExternalProgram", "OAuth2Integration"]

ExternalProgram = offline_class("ExternalProgram", "a VIKTOR worker", __name__)


class OAuth2Integration:
    """An OAuth2 integration configured on the platform; offline there is none to ask for a token."""

    def __init__(self, name: str) -> None:
        self.name = name

    def get_access_token(self) -> str:
        raise UnavailableOffline(f"OAuth2Integration({self.name!r}).get_access_token()", "the VIKTOR platform")
