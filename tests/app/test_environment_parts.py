"""The parts of app environments that need no pip run: what goes in, how a clash is told, how a
missing feature library is named, and which interpreter an app folder gets."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from viktorlite import optional_library
from viktorlite.app.environment import AppEnvError, app_python, env_dir
from viktorlite.app.environment_packages import WORKER_REQUIREMENTS, features_used, requirement_name
from viktorlite.app.pip_conflict import conflict_lines, explain
from viktorlite.app.requirements_file import app_requirements_file
from viktorlite.optional_library import MissingLibrary, require

ROOT = Path(__file__).parent.parent.parent

# What pip 26 printed for these clashes (trimmed: pip lists every pydantic release it tried).
CLICK_CLASH = """\
ERROR: Cannot install click==7.1.2 and click>=8.0 because these package versions have conflicting dependencies.

The conflict is caused by:
    The user requested click==7.1.2
    The user requested click>=8.0

To fix this you could try to:
1. loosen the range of package versions you've specified
ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/
"""
TRANSITIVE_CLASH = """\
ERROR: Cannot install pydantic==2.0, pydantic==2.14.4 and typing_extensions==4.5.0 because these package versions \
have conflicting dependencies.

The conflict is caused by:
    The user requested typing_extensions==4.5.0
    pydantic 2.14.4 depends on typing-extensions>=4.16.0
    pydantic 2.1.0 depends on typing-extensions>=4.6.1
    pydantic 2.0 depends on typing-extensions>=4.6.1
    The user requested (constraint) torch<=2.14.1

Additionally, some packages in these conflicts have no matching distributions available for your environment:
    typing-extensions
"""


def test_a_clash_names_the_apps_requirement_and_the_runtimes():
    assert explain(CLICK_CLASH, ["numpy", "click==7.1.2"], WORKER_REQUIREMENTS) == (
        "the app's requirement click==7.1.2 cannot be combined with viktorlite's worker runtime requirement click>=8.0"
    )
    assert explain(TRANSITIVE_CLASH, ["typing_extensions==4.5.0"], WORKER_REQUIREMENTS) == (
        "the app's requirement typing_extensions==4.5.0 cannot be combined with viktorlite's worker runtime "
        "requirement pydantic>=2.0 (pydantic 2.0 depends on typing-extensions>=4.6.1)"
    )


def test_a_clash_among_the_apps_own_requirements_says_so():
    output = CLICK_CLASH.replace("click>=8.0", "click>=9")
    assert explain(output, ["click==7.1.2", "click>=9"], WORKER_REQUIREMENTS) == (
        "the app's own requirements conflict: click==7.1.2 and click>=9"
    )


def test_a_missing_release_is_named():
    output = "ERROR: No matching distribution found for tabulate==99.0\n"
    assert explain(output, ["tabulate==99.0"], WORKER_REQUIREMENTS) == (
        "no release of tabulate==99.0 can be installed here"
    )


def test_the_worker_runtime_is_part_of_viktorlites_own_dependencies_and_satisfied_by_them():
    from importlib import metadata

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {requirement_name(line) for line in declared}
    for line in WORKER_REQUIREMENTS:
        requirement = Requirement(line)
        assert requirement_name(line) in names, f"{line} is not among viktorlite's dependencies"
        installed = metadata.version(requirement.name)
        assert requirement.specifier.contains(installed, prereleases=True), (line, installed)


def test_features_are_found_by_the_words_in_the_apps_code(tmp_path: Path):
    (tmp_path / "app.py").write_text("import viktor as vkt\n\n@vkt.PlotlyView('x')\ndef f(): ...\n")
    assert features_used(tmp_path) == []
    (tmp_path / "views.py").write_text("from viktor.views import GeometryView\n")
    (tmp_path / ".viktorlite").mkdir()
    (tmp_path / ".viktorlite" / "ignored.py").write_text("SpreadsheetCalculation\n")
    assert [feature.name for feature in features_used(tmp_path)] == ["GeometryView"]


def test_the_requirements_pip_reads_leave_out_the_sdk_and_keep_nested_files_reachable(tmp_path: Path):
    (tmp_path / "requirements.txt").write_text(
        "viktor==14.36.2  # the SDK\n-r base.txt\nnumpy==1.26.4\n--extra-index-url https://example.invalid/simple\n"
    )
    copy = app_requirements_file(tmp_path, tmp_path / "elsewhere.txt")
    assert copy.read_text().splitlines() == [
        f"-r {tmp_path / 'base.txt'}",
        "numpy==1.26.4",
        "--extra-index-url https://example.invalid/simple",
    ]


def test_a_missing_or_too_old_library_is_named_with_the_version_the_feature_needs(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(optional_library.LIBRARIES, "no-such-library", ("no_such_library", "2.0"))
    with pytest.raises(
        MissingLibrary,
        match=re.escape("GeometryView needs no-such-library>=2.0, which is not installed in the Python environment"),
    ):
        require("no-such-library", feature="GeometryView")
    installed = optional_library.installed_version("pytest")
    monkeypatch.setitem(optional_library.LIBRARIES, "pytest", ("pytest", "999.0"))
    with pytest.raises(
        MissingLibrary,
        match=re.escape(
            f"viktorlite test needs pytest>=999.0, but the Python environment {sys.prefix} has pytest {installed}"
        ),
    ):
        require("pytest", feature="viktorlite test")
    monkeypatch.setitem(optional_library.LIBRARIES, "pytest", ("pytest", "7.0"))
    assert require("pytest", feature="viktorlite test") is sys.modules["pytest"]


def test_an_app_without_an_environment_runs_in_viktorlites_own_and_a_broken_one_is_refused(tmp_path: Path):
    found = app_python(tmp_path)
    assert (found.path, found.own_env) == (sys.executable, False)
    assert "viktorlite's own environment" in found.describe()
    env_dir(tmp_path).mkdir(parents=True)
    with pytest.raises(AppEnvError, match="is incomplete: `viktorlite install` did not finish there"):
        app_python(tmp_path)


def test_a_feature_that_does_not_fit_the_installed_versions_says_what_is_installed():
    output = (
        "ERROR: Cannot install trimesh>=4.0 because these package versions have conflicting dependencies.\n\n"
        "The conflict is caused by:\n"
        "    The user requested trimesh>=4.0\n"
        "    The user requested (constraint) trimesh==3.23.5\n\n"
    )
    assert conflict_lines(output) == ["wanted: trimesh>=4.0", "installed: trimesh==3.23.5"]
