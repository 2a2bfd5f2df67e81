"""``viktor.external.sap2000``: runs on a VIKTOR worker with SAP2000.

Offline, stand-ins made from the catalog of the real SDK's names (``viktor.external._standin``):
constructing works, using the program raises UnavailableOffline.
"""

from .. import _standin

_standin.materialise(globals(), "SAP2000")
