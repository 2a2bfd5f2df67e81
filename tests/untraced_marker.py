"""``@pytest.mark.untraced``: coverage's tracer is off in the test's own thread while the test runs.

For tests whose own thread runs none of viktorlite's code (only other processes and threads do:
``serve``, workers, an ASGI portal) but much other Python: hypothesis generating cases, Playwright
driving Chromium. Under ``make test`` coverage traces every call and line of every Python thread
(Python 3.11's ``sys.settrace``), which made that work 2-5x slower while measuring nothing. Fixtures
(set-up and teardown) stay traced, and so do the other threads and processes, so every viktorlite
line that runs is still measured (:func:`support.untraced_in_this_thread`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support import untraced_in_this_thread

MARK = "untraced"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARK}: the test's own thread runs no viktorlite code; coverage skips it")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    if item.get_closest_marker(MARK) is None:
        return (yield)
    with untraced_in_this_thread():
        return (yield)
