"""``viktorlite --help`` stays quick: the command line loads redis, pydantic, the workers and the web
process only when a command that needs them runs (the time itself is benchmarks/bench_startup.py)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("redis", "pydantic", "rq", "uvicorn", "starlette", "watchfiles", "viktorlite.sdk", "viktorlite.workers")

_PROBE = f"""
import sys
from click.testing import CliRunner
from viktorlite.cli.main import main
result = CliRunner().invoke(main, ["--help"])
assert result.exit_code == 0, result.output
print(" ".join(name for name in {HEAVY!r} if name in sys.modules))
"""


def test_help_imports_none_of_the_heavy_libraries():
    probe = subprocess.run([sys.executable, "-P", "-c", _PROBE], capture_output=True, text=True, check=True)
    assert probe.stdout.split() == []
