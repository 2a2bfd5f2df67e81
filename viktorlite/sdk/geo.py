"""``viktor.geo`` (GEF/CPT soil helpers): not implemented in viktorlite; every name is a stand-in.

Importing works, so apps that only use other parts load; using a name raises UnavailableOffline.
"""

from __future__ import annotations

from ._offline import offline_module

__getattr__ = offline_module(__name__, "viktor.geo's GEF/CPT soil library (not implemented by viktorlite)")
