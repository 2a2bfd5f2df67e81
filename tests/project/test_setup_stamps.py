"""A second ``make setup`` (and so ``make serve``) runs neither npm nor pip when nothing changed (issue 19).

The Makefile runs here in a copy of the files its set-up reads, with stand-ins for ``npm``, the
venv's Python and the vendoring script that log their calls (as test_system_packages.py does for
apt-get): what is checked is which of them each run calls, not what they install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[2]
ACTIVATE_HINT = ". .venv/bin/activate"


def stand_in(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


def set_up_copy(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    tree, log = tmp_path / "tree", tmp_path / "calls.log"
    for name in ("Makefile", "pyproject.toml", "package-lock.json", "web/vendor_assets.py"):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tree / name)
    # The vendoring script writes every file web/vendor_assets.py checks for.
    listed = "import runpy; print(*runpy.run_path('web/vendor_assets.py')['VENDOR_FILES'])"
    stand_in(
        tree / "tools" / "vendor_frontend.sh",
        f'echo vendor_frontend.sh >> {log}\nfor f in $(python3 -c "{listed}"); do\n'
        '  mkdir -p "web/static/vendor/$(dirname "$f")" && touch "web/static/vendor/$f"\ndone\n',
    )
    installed = "touch .venv/bin/viktorlite && chmod +x .venv/bin/viktorlite"  # what pip install -e leaves
    stand_in(tree / ".venv" / "bin" / "python", f'echo "python $*" >> {log}\n{installed}\n')
    stand_in(tmp_path / "bin" / "npm", f'echo "npm $*" >> {log}\n')
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    for inherited in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):  # under `make test`: a make of its own
        env.pop(inherited, None)
    return tree, log, env


def make_setup(tree: Path, log: Path, env: dict[str, str]) -> tuple[list[str], str]:
    """The stand-ins this ``make setup`` called, and what it printed."""
    log.write_text("")
    ran = subprocess.run(["make", "setup"], cwd=tree, env=env, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return [line.split()[0] for line in log.read_text().splitlines()], ran.stdout


def test_a_second_setup_skips_npm_and_pip_until_their_inputs_change(tmp_path: Path):
    tree, log, env = set_up_copy(tmp_path)
    calls, printed = make_setup(tree, log, env)
    assert calls == ["npm", "vendor_frontend.sh", "python"]
    assert printed.strip().splitlines()[-1].endswith(ACTIVATE_HINT)

    calls, printed = make_setup(tree, log, env)
    assert calls == []
    assert printed.strip().splitlines() == [printed.strip().splitlines()[-1]]  # only the line how to activate
    assert ACTIVATE_HINT in printed

    with (tree / "pyproject.toml").open("a") as pyproject:
        pyproject.write("\n# changed\n")
    assert make_setup(tree, log, env)[0] == ["python"]

    with (tree / "package-lock.json").open("a") as lock:
        lock.write("\n")
    assert make_setup(tree, log, env)[0] == ["npm", "vendor_frontend.sh"]

    (tree / "web" / "static" / "vendor" / "pdfjs" / "pdf.min.mjs").unlink()  # vendored, then lost
    assert make_setup(tree, log, env)[0] == ["npm", "vendor_frontend.sh"]
    assert make_setup(tree, log, env)[0] == []
