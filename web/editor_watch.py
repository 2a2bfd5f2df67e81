"""The editor page's one inline script (templates/editor_watch.js), and the CSP source that allows it.

editor.js watches the editor's code arrive; only a script that comes with the page itself can notice
that editor.js never did. The page's CSP allows no inline script but this one, by its hash.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from markupsafe import Markup

#: The script's text, put in the page as it is (its hash is of exactly this text).
SCRIPT = Markup((Path(__file__).resolve().parent / "templates" / "editor_watch.js").read_text())
#: The ``script-src`` source that allows it: ``'sha256-…'``.
CSP_SOURCE = f"'sha256-{base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()}'"
