"""System packages without surprises: set-up installs only what it names, never upgrades what is
installed, and without root installs nothing and lets the tests that need it skip with a reason."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "tools" / "apt_install.sh"


def test_every_apt_install_of_the_set_up_goes_through_the_careful_script():
    for path in (ROOT / "Makefile", ROOT / ".ci" / "run"):
        text = path.read_text()
        assert "apt_install.sh" in text, path
        assert not re.search(r"apt-get\s+install", text), f"{path} calls apt-get install directly"
    script = SCRIPT.read_text()
    real_install = [line for line in script.splitlines() if "apt-get install" in line and " -s " not in line]
    assert real_install and all("--no-install-recommends" in line and "--no-upgrade" in line for line in real_install)


def fake_tools(tmp_path: Path, uid: int, simulated: str) -> dict[str, str]:
    """A PATH whose ``id`` and ``apt-get`` are stand-ins: ``apt-get`` logs its calls and prints ``simulated`` for -s."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (bin_dir / "sudo").write_text("#!/bin/sh\nexit 1\n")  # no password-less sudo here
    (bin_dir / "apt-get").write_text(
        f'#!/bin/sh\necho "$@" >> {log}\ncase " $* " in *" -s "*) printf "%s\\n" "{simulated}";; esac\n'
    )
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


def run_script(env: dict[str, str], *packages: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), *packages], env=env, capture_output=True, text=True, timeout=60)


def test_without_root_nothing_is_installed_and_it_says_how(tmp_path: Path):
    env = fake_tools(tmp_path, uid=1000, simulated="")
    done = run_script(env, "chromium")
    assert done.returncode == 0
    assert "needs root" in done.stderr and "--no-install-recommends --no-upgrade chromium" in done.stderr
    assert not (tmp_path / "apt.log").exists()


def test_a_package_that_would_upgrade_installed_ones_is_not_installed(tmp_path: Path):
    simulated = "Inst libsystemd0 [252.30-1] (252.31-1 Debian:12.9/stable [amd64])\nInst chromium (131.0 Debian)"
    env = fake_tools(tmp_path, uid=0, simulated=simulated)
    done = run_script(env, "chromium")
    assert done.returncode == 0
    assert "would upgrade installed packages (libsystemd0 )" in done.stderr
    calls = (tmp_path / "apt.log").read_text().splitlines()
    assert [call for call in calls if call.startswith("install") and " -s " not in f" {call} "] == []


def test_a_package_that_upgrades_nothing_is_installed_without_recommends(tmp_path: Path):
    env = fake_tools(tmp_path, uid=0, simulated="Inst chromium (131.0 Debian)")
    assert run_script(env, "chromium").returncode == 0
    calls = (tmp_path / "apt.log").read_text().splitlines()
    assert "install -y -q --no-install-recommends --no-upgrade chromium" in calls


def test_browser_tests_skip_with_a_reason_when_chromium_is_missing(tmp_path: Path):
    env = {**os.environ, "VIKTORLITE_TEST_CHROMIUM": str(tmp_path / "no-chromium")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-rs",
            "-q",
            "-n",
            "0",
            "--no-cov",
            "tests/browser/test_first_sight_ui.py",
            "-k",
            "load_error",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout
    assert "no-chromium is missing (install it: sudo tools/apt_install.sh chromium)" in done.stdout
