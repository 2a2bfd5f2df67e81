"""A pytest plugin that makes ``import viktor`` resolve to viktorlite's SDK in an app's own tests.

``viktorlite test`` loads it with ``-p viktorlite.app.pytest_plugin``, before any test module is
imported, so the app's tests need no viktorlite-specific import and run unchanged on the platform.
"""

from __future__ import annotations

from viktorlite.app import viktor_alias

viktor_alias.install()
