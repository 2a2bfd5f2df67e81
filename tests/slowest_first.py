"""The suite's modules start slowest first, so that no long module is left running alone at the end.

``make test`` hands whole modules to the xdist workers (``--dist loadscope``). xdist's own order puts
the modules with the most tests first, which left the few-test, minutes-long ones (an app
environment's pip installs, the fuzzing of every route) to start last while the other workers had
finished: one core idle for minutes. Here the modules go in the order of the seconds they took in the
last full run (kept in pytest's cache), the slowest first; a fresh checkout uses ``SEED``. The order is
decided once, in the controller, and handed to every worker, which must collect in the same order.
``make test`` passes ``--no-loadscope-reorder`` so that xdist keeps it.
"""

from __future__ import annotations

from typing import Any

import pytest

CACHE_KEY = "viktorlite/module-seconds"
#: Seconds per module from a CI run on the 2-core machine, for a checkout whose cache has none.
SEED: dict[str, float] = {
    "tests/app/test_environment_dated.py": 118,
    "tests/workers/test_runners_returned_values.py": 100,
    "tests/app/test_environment.py": 100,
    "tests/cli/test_new_command.py": 140,
    "tests/web/test_api_fuzz.py": 86,
    "tests/web/test_event_fanout.py": 30,
    "tests/sdk/test_differential.py": 30,
    "tests/store/test_durability.py": 30,
    "tests/cli/test_serve.py": 60,
}
_measured: dict[str, float] = {}


def _module(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def _seconds(config: pytest.Config) -> dict[str, float]:
    worker_input = getattr(config, "workerinput", None)
    if worker_input is not None and "module_seconds" in worker_input:
        return dict(worker_input["module_seconds"])
    cache = getattr(config, "cache", None)
    recorded = cache.get(CACHE_KEY, None) if cache is not None else None
    return {**SEED, **recorded} if isinstance(recorded, dict) else dict(SEED)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Controller side (xdist): every worker gets the same seconds, read once."""
    node.workerinput["module_seconds"] = _seconds(node.config)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    seconds = _seconds(config)
    # A stable sort: a module's tests stay together and in their order; unknown modules keep theirs.
    items.sort(key=lambda item: -seconds.get(_module(item.nodeid), 0.0))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    module = _module(report.nodeid)
    _measured[module] = _measured.get(module, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Keep the seconds of a parallel run of whole modules (not of a ``-k`` or ``-m`` selection)."""
    config = session.config
    option = config.option
    if hasattr(config, "workerinput") or not getattr(option, "numprocesses", None) or not _measured:
        return
    if option.keyword or option.markexpr or getattr(option, "lf", False) or getattr(config, "cache", None) is None:
        return
    recorded = config.cache.get(CACHE_KEY, {})
    config.cache.set(CACHE_KEY, {**recorded, **{module: round(s, 1) for module, s in _measured.items()}})
