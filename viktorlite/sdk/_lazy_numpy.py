"""numpy for ``viktor.geometry``'s modules, imported when geometry first uses it, not at ``import viktor``.

Why (issue 18): every job runs in a fork of the worker, and the kernel's cost of a fork, of its
copy-on-write faults and of its exit grows with the worker's private memory. numpy is most of what
``import viktor`` would load (about 20 MB and 150 ms); an app that never touches geometry should
not carry it into every job's process. The geometry modules write ``np.array(...)`` as usual:
the first attribute read imports numpy, and each name read is then kept on the proxy, so later
reads are plain attribute lookups.
"""

from __future__ import annotations

import importlib
from typing import Any


class _LazyModule:
    """Stands for a module until an attribute is read from it; then imports it and hands the attribute on."""

    def __init__(self, name: str) -> None:
        self._module_name = name

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(importlib.import_module(self._module_name), attribute)
        setattr(self, attribute, value)  # read from the instance from now on (no second __getattr__)
        return value

    def __repr__(self) -> str:
        return f"<lazily imported module {self._module_name!r}>"


np: Any = _LazyModule("numpy")
