"""viktorlite's ``viktor`` has the real SDK's whole namespace: same modules, names, kinds and signatures.

The real SDK is installed from the package registry into a throwaway environment (tests/real_sdk.py)
and both namespaces are listed by tools/sdk_surface.py. Every difference must match a row of the
table "Differences from the real SDK's namespace" in docs/compatibility.md, which says why.
"""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
import re
import warnings
from pathlib import Path
from types import ModuleType

import pytest

from real_sdk import LAST_13, LATEST_14, ROOT, SURFACE_TOOL, our_surface, real_surface
from viktorlite.app.viktor_alias import install

COMPATIBILITY_PAGE = ROOT / "docs" / "compatibility.md"
TABLE_HEADING = "## Differences from the real SDK's namespace"


def _surface_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sdk_surface", SURFACE_TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def allowed_differences(page: Path = COMPATIBILITY_PAGE) -> dict[str, str]:
    """``{pattern: reason}`` from the page's table; a pattern is an fnmatch pattern over a difference line."""
    text = page.read_text()
    assert TABLE_HEADING in text, f"{page} has no section {TABLE_HEADING!r}"
    section = text.split(TABLE_HEADING, 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.+?) \|$", section, flags=re.MULTILINE)
    return {pattern: reason.strip() for pattern, reason in rows}


@pytest.fixture(scope="module")
def surface_tool() -> ModuleType:
    return _surface_tool()


def test_every_difference_from_the_latest_sdk_is_listed_with_its_reason(surface_tool):
    real, ours = real_surface(LATEST_14), our_surface()
    allowed = allowed_differences()
    found = surface_tool.differences(real, ours)
    unexplained = [line for line in found if not any(fnmatch.fnmatchcase(line, pattern) for pattern in allowed)]
    print(surface_tool.summary(real, ours))
    assert not unexplained, (
        f"{len(unexplained)} differences from viktor {LATEST_14} are not in {COMPATIBILITY_PAGE.name}:\n"
        + "\n".join(unexplained)
    )
    assert all(reason for reason in allowed.values())
    unused = [pattern for pattern in allowed if not any(fnmatch.fnmatchcase(line, pattern) for line in found)]
    assert not unused, f"rows of the table that match no difference any more: {unused}"


def test_names_the_latest_sdk_removed_still_import_from_every_module_that_had_them_with_a_warning():
    old, new = real_surface(LAST_13), real_surface(LATEST_14)
    install()
    removed = [
        (module_name, name)
        for module_name, names in old["modules"].items()
        for name in names
        if name not in new["modules"].get(module_name, {})
    ]
    assert removed, "the last 13.x exported names that 14.x removed (UserException, SVGView, ...)"
    missing, silent = [], []
    for module_name, name in removed:
        module = importlib.import_module(module_name)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if not hasattr(module, name):
                missing.append(f"{module_name}.{name}")
                continue
        if not any(issubclass(w.category, DeprecationWarning) and name in str(w.message) for w in caught):
            silent.append(f"{module_name}.{name}")
    assert not missing, f"names of viktor {LAST_13} that do not import any more: {missing}"
    assert not silent, f"names of viktor {LAST_13} that import without a DeprecationWarning: {silent}"


def test_the_comparison_sees_a_missing_name_a_changed_signature_and_a_missing_member(surface_tool):
    real = {"modules": {"viktor.m": {
        "f": {"kind": "function", "parameters": [["x", "POSITIONAL_OR_KEYWORD", "<required>"]]},
        "C": {"kind": "class", "parameters": [], "members": {"area": "property", "move": "method"}},
        "g": {"kind": "function", "parameters": []},
    }}}  # fmt: skip
    ours = {"modules": {"viktor.m": {
        "f": {"kind": "function", "parameters": [["x", "POSITIONAL_OR_KEYWORD", 0]]},
        "C": {"kind": "class", "parameters": [], "members": {"area": "attribute"}},
    }}}  # fmt: skip
    assert surface_tool.differences(real, ours) == [
        "viktor.m.C.move: method missing",
        "viktor.m.f: parameters (x=0), not (x)",
        "viktor.m.g: missing",
    ]
