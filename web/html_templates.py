"""The Jinja2 templates of the HTML pages (web/templates/): the editor pages and the login page."""

from __future__ import annotations

from pathlib import Path

from starlette.templating import Jinja2Templates

templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))
