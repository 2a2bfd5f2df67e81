"""``viktor.external.civil3d.civil3d``: Civil 3D through a VIKTOR worker.

Offline, stand-ins made from the catalog of the real SDK's names (``viktor.external._standin``):
constructing works, using the program raises UnavailableOffline.
"""

from .. import _standin

connect, attach = _standin.connection_functions(globals(), "Civil3DConnection")

_standin.materialise(globals(), "Civil 3D")
