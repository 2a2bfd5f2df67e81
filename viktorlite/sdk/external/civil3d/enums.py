"""``viktor.external.civil3d.enums``: the Civil 3D's API enumerations.

Offline, stand-ins made from the catalog of the real SDK's names (``viktor.external._standin``):
constructing works, using the program raises UnavailableOffline.
"""

from .. import _standin

_standin.materialise(globals(), "Civil 3D")
