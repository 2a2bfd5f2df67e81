"""``viktor.external.external_program``: the base class of the external analyses, and OAuth2 integrations.

Offline there is no worker and no platform: :meth:`ExternalProgram.execute` raises UnavailableOffline
naming the program of the analysis (a ``ConnectionError``, as the SDK raises when no worker is
connected), and so does :meth:`OAuth2Integration.get_access_token`. The module's other names come from
the catalog of the real SDK's names (``viktor.external._standin``).
"""

from .._offline import UnavailableOffline as _UnavailableOffline
from . import _standin


class ExternalProgram:
    """An analysis that a VIKTOR worker runs; every analysis of ``viktor.external`` derives from it."""

    def __init__(self, queue_name: str, version: int) -> None:
        self.queue_name = queue_name
        self.version = version

    def execute(self, timeout: int = 25) -> None:
        """Run the analysis on a worker: offline there is none."""
        needs = getattr(type(self), "_viktorlite_needs", "a VIKTOR worker")
        raise _UnavailableOffline(f"{type(self).__qualname__}.execute()", needs)


class OAuth2Integration:
    """An OAuth2 integration configured on the platform; offline there is none to ask for a token."""

    def __init__(self, name: str) -> None:
        self.name = name

    def get_access_token(self) -> str:
        raise _UnavailableOffline(f"OAuth2Integration({self.name!r}).get_access_token()", "the VIKTOR platform")


_standin.materialise(globals(), "a VIKTOR worker")
