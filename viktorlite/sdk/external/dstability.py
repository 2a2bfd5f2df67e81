"""``viktor.external.dstability``: runs on a VIKTOR worker with D-Stability; offline, a stand-in.

Importing it, and any name in it, works; calling into it raises UnavailableOffline.
"""

from __future__ import annotations

from .._offline import offline_module

__getattr__ = offline_module(__name__, "D-Stability")
