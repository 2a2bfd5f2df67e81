"""The parts of dated installs that need no pip run: which date and why, the release dates' cache,
an unreachable index, which pip sources can be dated, and a dated version the runtime outgrows."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from viktorlite.app.environment_date import choose_date, parse_as_of
from viktorlite.app.environment_dated import DatedPins, is_exact_pin
from viktorlite.app.environment_packages import sdk_dependencies_used
from viktorlite.app.environment_sources import PipSources, parse_config_list
from viktorlite.app.requirements_file import sdk_requirement

#: Nothing listens here: a lookup fails at once, as offline.
UNREACHABLE = "http://127.0.0.1:9/simple"
RELEASES = {
    "13.7.0": "2023-01-20T10:00:00.000000Z",
    "13.8.0": "2023-02-16T15:40:03.510729Z",
    "14.0.0": "2023-04-12T13:18:13.819461Z",
    "14.1.0": "2023-05-01T09:00:00.000000Z",
    "15.0.0b1": "2023-06-01T09:00:00.000000Z",
}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A release cache for UNREACHABLE, written ``age`` seconds ago."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def write(age: float) -> None:
        path = tmp_path / "cache" / "viktorlite" / "sdk-releases.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({UNREACHABLE: {"fetched": time.time() - age, "releases": RELEASES}}))

    return write


def app_with(tmp_path: Path, requirements: str) -> Path:
    app = tmp_path / "app"
    app.mkdir(exist_ok=True)
    (app / "requirements.txt").write_text(requirements)
    return app


def test_the_sdk_line_is_found_in_its_forms(tmp_path: Path):
    assert sdk_requirement(app_with(tmp_path, "numpy\nviktor == 14.0.0  # the SDK\n")) == "==14.0.0"
    assert sdk_requirement(app_with(tmp_path, "viktor[extra]>=13,<14 ; python_version>'3'\n")) == ">=13,<14"
    assert sdk_requirement(app_with(tmp_path, "viktor\n")) == ""
    assert sdk_requirement(app_with(tmp_path, "viktor-tools==1\nnumpy\n")) is None


def test_an_exact_pin_is_dated_by_its_release_from_the_cache_without_a_lookup(tmp_path: Path, cache):
    cache(age=30 * 24 * 3600)  # old, but a release's date never changes and a newer release is known
    date = choose_date(app_with(tmp_path, "viktor==14.0.0\nnumpy\n"), index_url=UNREACHABLE)
    assert date.when == datetime(2023, 4, 12, 13, 18, 13, 819461, tzinfo=UTC)
    assert date.warning is None
    assert date.line() == (
        "resolving as of 2023-04-12 (release of viktor 14.0.0, pinned in requirements.txt); --latest for today's"
    )


def test_a_range_is_dated_by_the_newest_release_it_admits(tmp_path: Path, cache):
    cache(age=60)
    date = choose_date(app_with(tmp_path, "viktor>=13,<14\n"), index_url=UNREACHABLE)
    assert date.line() == (
        "resolving as of 2023-02-16 (release of viktor 13.8.0, the newest that viktor>=13,<14 in requirements.txt "
        "admits); --latest for today's"
    )
    newest = choose_date(app_with(tmp_path, "viktor>=14\n"), index_url=UNREACHABLE)  # a pre-release is not newest
    assert newest.when is None
    assert newest.line() == (
        "resolving with today's releases (viktor>=14 in requirements.txt admits the newest SDK release, 14.1.0)"
    )


def test_no_pin_latest_and_as_of_need_no_lookup(tmp_path: Path, cache):
    app = app_with(tmp_path, "viktor==14.0.0\n")
    assert choose_date(app, latest=True, index_url=UNREACHABLE).line() == "resolving with today's releases (--latest)"
    as_of = choose_date(app, as_of=parse_as_of("2023-03-01"), index_url=UNREACHABLE)
    assert as_of.when == datetime(2023, 3, 2, tzinfo=UTC)  # the whole day
    assert as_of.line() == "resolving as of 2023-03-01 (--as-of); --latest for today's"
    plain = choose_date(app_with(tmp_path, "numpy\n"), index_url=UNREACHABLE)
    assert plain.line() == "resolving with today's releases (requirements.txt pins no viktor version)"


def test_an_unreachable_index_leaves_todays_releases_with_a_warning(tmp_path: Path, cache):
    date = choose_date(app_with(tmp_path, "viktor>=13,<14\n"), index_url=UNREACHABLE)  # no cache at all
    assert date.when is None
    assert date.warning is not None
    assert date.warning.startswith("cannot find the release date of viktor>=13,<14: http://127.0.0.1:9/simple/viktor/")
    assert date.warning.endswith("cannot be reached ([Errno 111] Connection refused): resolving with today's releases")
    cache(age=30 * 24 * 3600)  # stale: which release is newest may have changed, and the index cannot say
    assert choose_date(app_with(tmp_path, "viktor>=13\n"), index_url=UNREACHABLE).warning is not None


def test_as_of_takes_a_day_or_a_moment():
    assert parse_as_of("2023-03-01") == datetime(2023, 3, 2, tzinfo=UTC)
    assert parse_as_of("2023-03-01T12:00:00Z") == datetime(2023, 3, 1, 12, tzinfo=UTC)
    with pytest.raises(ValueError, match="is not a date"):
        parse_as_of("yesterday")


#: `pip config list` on a machine whose configuration adds local wheels and a local mirror.
CONFIG_LIST = """\
global.cert='/etc/ssl/certs/ca-certificates.crt'
global.constraint='/etc/xdg/pip/constraints.txt'
global.extra-index-url='file:///opt/pypi/simple https://mirror.example/simple'
global.find-links='/opt/wheels'
install.timeout='30'
:env:.default-timeout='180'
:env:.find-links='/opt/wheels /srv/more-wheels'
"""


def test_a_dated_resolve_reads_only_indexes_that_state_upload_times_and_keeps_other_settings(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("PIP_FIND_LINKS", "/opt/wheels /srv/more-wheels")
    monkeypatch.setenv("PIP_DEFAULT_TIMEOUT", "180")
    sources = PipSources(parse_config_list(CONFIG_LIST))
    assert sources.datable() == ["https://pypi.org/simple", "https://mirror.example/simple"]
    assert sources.undatable() == ["file:///opt/pypi/simple", "/opt/wheels", "/srv/more-wheels"]
    env = sources.dated_environment()
    assert env["PIP_CONFIG_FILE"] == os.devnull
    assert env["PIP_INDEX_URL"] == "https://pypi.org/simple"
    assert env["PIP_EXTRA_INDEX_URL"] == "https://mirror.example/simple"
    assert "PIP_FIND_LINKS" not in env
    assert env["PIP_CONSTRAINT"] == "/etc/xdg/pip/constraints.txt"
    assert env["PIP_CERT"] == "/etc/ssl/certs/ca-certificates.crt"
    assert (env["PIP_TIMEOUT"], env["PIP_DEFAULT_TIMEOUT"]) == ("30", "180")
    assert PipSources(parse_config_list("global.no-index='true'\n")).datable() == []


def test_a_dated_version_the_worker_runtime_outgrows_is_lifted_and_named():
    pins = DatedPins(datetime(2023, 4, 12, tzinfo=UTC), {"numpy": "1.24.2", "typing-extensions": "4.5.0"})
    output = (
        "ERROR: Cannot install pydantic>=2.0 because these package versions have conflicting dependencies.\n\n"
        "The conflict is caused by:\n"
        "    The user requested (constraint) typing-extensions==4.5.0\n"
        "    pydantic 2.0 depends on typing-extensions>=4.6.1\n"
        "    The user requested (constraint) torch<=2.14.1\n\n"
    )
    assert pins.lift(output) == ["typing-extensions"]
    assert pins.lift(output) == []  # lifted once: a second failure is a real clash
    assert "typing-extensions" in pins.lifted


def test_exact_pins_and_the_sdk_dependencies_the_app_imports(tmp_path: Path):
    assert [is_exact_pin(line) for line in ("numpy==1.24.2", "plotly === 5.4", "numpy", "numpy==1.*", "a>=1")] == [
        True,
        True,
        False,
        False,
        False,
    ]
    (tmp_path / "app.py").write_text("import numpy as np\nfrom matplotlib import pyplot\n# import pandas\n")
    assert sdk_dependencies_used(tmp_path) == ["matplotlib>=2.2.2,!=3.9.0"]
