"""``viktor.external.sap2000.sap2000``: SAP2000 through a VIKTOR worker.

Offline, stand-ins made from the catalog of the real SDK's names (``viktor.external._standin``):
constructing works, using the program raises UnavailableOffline.
"""

from .. import _standin

connect, attach = _standin.connection_functions(globals(), "SAP2000Connection")

_standin.materialise(globals(), "SAP2000")
