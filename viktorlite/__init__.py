"""viktorlite: run apps written for the VIKTOR SDK on your own machine.

The app-facing SDK lives in :mod:`viktorlite.sdk` and is what ``import viktor`` resolves to inside
viktorlite's runtime (see :mod:`viktorlite.app.viktor_alias`).
"""

__version__ = "0.1.0"
