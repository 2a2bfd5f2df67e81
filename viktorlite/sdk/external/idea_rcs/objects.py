"""``viktor.external.idea_rcs.objects``: IDEA StatiCa RCS's model objects.

Offline, stand-ins made from the catalog of the real SDK's names (``viktor.external._standin``):
constructing works, using the program raises UnavailableOffline.
"""

from .. import _standin

_standin.materialise(globals(), "IDEA StatiCa RCS")
