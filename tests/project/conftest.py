"""One wheel a session for the packaging tests, built as from a fresh clone (its build vendors the front end)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wheel_build import build_wheel, clean_copy


@pytest.fixture(scope="session")
def clean_checkout_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built by pip from the tracked files alone: no node_modules, no web/static/vendor."""
    if shutil.which("npm") is None:
        pytest.skip("npm is not on PATH: the build vendors the front-end libraries with it (`make vendor` installs it)")
    work = tmp_path_factory.mktemp("wheel")
    clean_copy(work / "source")
    assert not (work / "source" / "web" / "static" / "vendor" / "three").exists()
    return build_wheel(work / "source", work / "dist")
