"""``viktor.external.autodesk``: runs on a VIKTOR worker with Autodesk Platform Services.

Offline, stand-ins made from the catalog of the real SDK's names (``viktor.external._standin``):
constructing works, using the program raises UnavailableOffline.
"""

from typing import TYPE_CHECKING, Any

from . import _standin

_standin.materialise(globals(), "Autodesk Platform Services")

if TYPE_CHECKING:  # made at import by materialise(); other SDK modules re-export it
    AutodeskFile: Any
