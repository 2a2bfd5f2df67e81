"""What an app's code imports, read from its source: the worker preloads those view libraries.

Read from the source, not from ``sys.modules`` after loading the app, because a view often imports
plotly or matplotlib inside the method: the import then happens in every forked job, never in the
worker parent that could have paid it once.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from viktorlite.app.app_files import app_files

GRAPH_OBJECTS = ("plotly.graph_objects", "plotly.graph_objs")


@dataclass
class AppImports:
    """The modules an app's files import (anywhere: module level or inside functions)."""

    modules: set[str] = field(default_factory=set)
    #: Names the app takes from ``plotly.graph_objects`` (``go.Bar``, ``from ... import Scatter``).
    graph_objects: set[str] = field(default_factory=set)
    #: Every name the code reads (``Point``, and the attribute of ``vkt.Point``): the worker preloads
    #: numpy for an app that names a ``viktor.geometry`` object (viktorlite.workers.runners.view).
    names: set[str] = field(default_factory=set)

    def uses(self, package: str) -> bool:
        """Whether ``package`` or one of its submodules is imported."""
        return any(module == package or module.startswith(package + ".") for module in self.modules)


def app_imports(app_dir: Path) -> AppImports:
    """Parse every Python file of the app (a file that does not parse is skipped: loading reports it)."""
    found = AppImports()
    for path in app_files(app_dir):
        if path.suffix != ".py":
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
        except (OSError, SyntaxError, ValueError):
            continue
        _collect(tree, found)
    return found


def _collect(tree: ast.AST, found: AppImports) -> None:
    aliases: set[str] = set()  # local names bound to plotly.graph_objects
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.modules.add(alias.name)
                if alias.name in GRAPH_OBJECTS and alias.asname:
                    aliases.add(alias.asname)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.modules.add(node.module)
            for alias in node.names:
                found.modules.add(f"{node.module}.{alias.name}")
                if node.module in GRAPH_OBJECTS:
                    found.graph_objects.add(alias.name)
                elif node.module == "plotly" and alias.name in ("graph_objects", "graph_objs"):
                    aliases.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            found.graph_objects.add(node.attr)
        if isinstance(node, ast.Attribute):
            found.names.add(node.attr)
        elif isinstance(node, ast.Name):
            found.names.add(node.id)
