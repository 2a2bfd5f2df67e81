"""The docs build into a static site with `mkdocs build`, and no link in them is broken."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from support import without_coverage

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
BROKEN_LINK = re.compile(r"Doc file '([^']+)' contains a link '([^']+)', but the target is not found")


def acceptable(warning: str) -> bool:
    """A link to a repository file outside docs/: it works on GitHub, not in the built site."""
    if link := BROKEN_LINK.search(warning):
        page, target = link.groups()
        path = ((DOCS / page).parent / target.split("#")[0]).resolve()
        if target.startswith("../") and path.is_file() and ROOT in path.parents:
            return True
    return False


def test_the_docs_site_builds_and_every_link_resolves(tmp_path: Path):
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=without_coverage(),  # mkdocs runs none of viktorlite's code: tracing it only slowed it
    )
    assert built.returncode == 0, built.stderr
    warnings = [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    assert [w for w in warnings if not acceptable(w)] == []
    assert (tmp_path / "index.html").is_file() and (tmp_path / "cli" / "index.html").is_file()
    assert (tmp_path / "images" / "editor-plot-view.png").is_file()


def test_every_page_in_docs_is_in_the_site_navigation():
    nav = (ROOT / "mkdocs.yml").read_text()
    assert [page.name for page in sorted(DOCS.glob("*.md")) if f" {page.name}" not in nav] == []
