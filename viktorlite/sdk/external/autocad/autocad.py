"""``viktor.external.autocad.autocad``: AutoCAD through a VIKTOR worker.

Offline, stand-ins made from the catalog of the real SDK's names (``viktor.external._standin``):
constructing works, using the program raises UnavailableOffline.
"""

from .. import _standin

connect, attach = _standin.connection_functions(globals(), "AutoCADConnection")

_standin.materialise(globals(), "AutoCAD")
