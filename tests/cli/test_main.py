"""The command line as people and scripts use it: help, version, exit codes, log formats, --open."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import click
import httpx2
import pytest
from click.testing import CliRunner

from support import (
    APPS,
    VIKTORLITE,
    Served,
    alive,
    copy_app,
    default_sigint,
    descendants,
    free_port,
    run_viktorlite,
    wait_until,
)
from viktorlite import __version__
from viktorlite.cli.main import main


def viktorlite(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return run_viktorlite(*args, timeout=120, **kwargs)


def every_command(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from every_command(command, (*prefix, name))


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    return copy_app(APPS / "calculator", tmp_path)


def test_every_command_has_help_with_examples():
    commands = [(), *every_command(main)]
    assert ("serve",) in commands and ("users", "add") in commands
    for command in commands:
        result = CliRunner().invoke(main, [*command, "--help"])
        assert result.exit_code == 0, (command, result.output)
        assert re.search(r"Examples:\n +viktorlite ", result.output), (
            f"`viktorlite {' '.join(command)} --help` has no examples"
        )


def test_docs_cli_md_has_a_section_for_every_command_naming_every_option():
    text = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text()
    for path in every_command(main):
        command = main.commands[path[0]]
        for name in path[1:]:
            command = command.commands[name]  # type: ignore[attr-defined]
        if isinstance(command, click.Group):
            continue
        heading = f"\n## viktorlite {' '.join(path)}\n"
        assert heading in text, f"docs/cli.md has no section {heading.strip()!r}"
        section = text.split(heading)[1].split("\n## ")[0]
        for option in command.params:
            if isinstance(option, click.Option):
                longest = max(option.opts, key=len)
                assert f"`{longest}" in section, f"{heading.strip()} does not name {longest}"
        assert "Exit codes:" in section


def test_the_top_level_help_documents_the_exit_codes():
    result = viktorlite("--help")
    assert result.returncode == 0
    codes = result.stdout.split("Exit codes:")[1]
    assert re.findall(r"^ +(\d+) +\w", codes, re.MULTILINE) == ["0", "1", "2", "130"]


def test_version():
    result = viktorlite("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"viktorlite, version {__version__}"


def test_wrong_usage_exits_2_and_says_what_is_wrong(tmp_path: Path):
    unknown = viktorlite("serve", str(tmp_path), "--no-such-option")
    assert unknown.returncode == 2
    assert "No such option '--no-such-option'" in unknown.stderr
    assert "Usage: viktorlite serve " in unknown.stderr
    bad_value = viktorlite("serve", str(tmp_path), "--workers", "0")
    assert bad_value.returncode == 2
    assert "'--workers'" in bad_value.stderr
    bad_format = viktorlite("worker", str(tmp_path), "--redis-url", "redis://x", "--log-format", "xml")
    assert bad_format.returncode == 2
    assert "'xml' is not one of 'text', 'json'" in bad_format.stderr


def test_a_missing_app_folder_exits_2_and_an_unusable_one_exits_1(tmp_path: Path):
    missing = viktorlite("serve", str(tmp_path / "nowhere"))
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr
    (tmp_path / "app.py").write_text("")
    unusable = viktorlite("check", str(tmp_path))
    assert unusable.returncode == 1
    assert "viktor.config.toml is missing" in unusable.stderr


def test_ctrl_c_at_a_prompt_exits_130(tmp_path: Path):
    adding = subprocess.Popen(
        [*VIKTORLITE, "users", "add", str(tmp_path / "users"), "alice"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=default_sigint,
    )
    assert adding.stdout is not None
    os.set_blocking(adding.stdout.fileno(), False)
    seen = bytearray()
    wait_until(lambda: seen.extend(adding.stdout.read() or b"") or b"Password" in seen, 120, "the prompt")
    adding.send_signal(signal.SIGINT)
    assert adding.wait(timeout=120) == 130
    assert not (tmp_path / "users").exists()


def test_ctrl_c_while_serve_is_starting_exits_130_and_stops_what_started(app_dir: Path):
    starting = subprocess.Popen(
        [*VIKTORLITE, "serve", str(app_dir), "--port", str(free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=default_sigint,
    )
    assert starting.stdout is not None
    os.set_blocking(starting.stdout.fileno(), False)
    seen = bytearray()
    # Redis is up and the web process is still importing: serve is not ready yet.
    wait_until(
        lambda: seen.extend(starting.stdout.read() or b"") or b"listening on redis://" in seen, 120, "Redis to start"
    )
    family = descendants(starting.pid)
    starting.send_signal(signal.SIGINT)
    assert starting.wait(timeout=120) == 130
    assert b"press Ctrl-C" not in seen + (starting.stdout.read() or b"")
    wait_until(lambda: not any(alive(pid) for pid in family), 120, "every child to exit")


def run_a_job(served: Served) -> str:
    entity = httpx2.post(served.url + "/api/entities", json={"entity_type": "Calculator", "name": "E"}).json()
    job = httpx2.post(served.url + f"/api/entities/{entity['id']}/jobs", json={"method": "result"}).json()
    assert (
        httpx2.get(served.url + f"/api/jobs/{job['job_id']}", params={"wait": 60}, timeout=120).json()["status"]
        == "finished"
    )
    return job["job_id"]


def test_serve_logs_json_lines_with_a_ready_record_and_job_fields(app_dir: Path):
    served = Served(app_dir, "--log-format", "json")
    try:
        job_id = run_a_job(served)

        def records() -> list[dict]:
            return [json.loads(line) for line in served.text().splitlines() if line.strip()]

        wait_until(lambda: any(r.get("job_id") == job_id for r in records()), 120, "a log line of the job")
    finally:
        assert served.stop() == 0
    every = records()  # every line parses: nothing printed around the JSON
    (ready,) = [r for r in every if r.get("event") == "ready"]
    assert ready["url"] == served.url + "/"
    assert ready["mode"] == "dev" and ready["workers"] == 1 and ready["app_type"] == "simple"
    assert ready["redis_kind"] == "embedded" and ready["redis_url"].startswith("redis://:***@127.0.0.1:")
    assert ready["redis_server"].startswith(("redis-server ", "valkey-server "))
    assert ready["data_dir"] == str(app_dir / ".viktorlite")
    finished = [r for r in every if r.get("job_id") == job_id and r["message"].startswith("finished")]
    assert finished and finished[0]["role"] == "worker-1"
    assert finished[0]["method"] == "result" and finished[0]["entity_type"] == "Calculator"
    assert {r["role"] for r in every} >= {"serve", "redis", "worker-1"}
    assert all({"time", "level", "role", "logger", "message"} <= set(r) for r in every)


def test_text_logs_without_a_terminal_have_no_colour_codes(app_dir: Path):
    served = Served(app_dir)
    try:
        job_id = run_a_job(served)
        wait_until(lambda: f"job {job_id[:8]}] finished" in served.text(), 120, "the job's log line")
    finally:
        assert served.stop() == 0
    assert "\x1b" not in served.text()
    assert "[Calculator #1 result, job " in served.text()
    assert "(simple app)" in served.banner and "(embedded) redis-server " in served.banner


def test_open_starts_the_browser_at_the_editor_url(app_dir: Path, tmp_path: Path):
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {opened}\n')
    browser.chmod(browser.stat().st_mode | stat.S_IXUSR)
    served = Served(app_dir, "--open", env={"BROWSER": str(browser)})
    try:
        wait_until(opened.exists, 120, "the browser to be started")
        assert opened.read_text().split() == [served.url + "/"]
    finally:
        served.stop()


def test_install_shows_its_steps_and_pips_error_and_exits_1(app_dir: Path):
    (app_dir / "requirements.txt").write_text("viktor==14.36.2\nno-such-package-for-viktorlite-tests==1.0\n")
    result = viktorlite("install", str(app_dir))
    assert result.returncode == 1
    assert "[1/4] creating the environment in " in result.stdout
    assert "[2/4] installing 1 requirement(s) of the app with viktorlite's worker runtime" in result.stdout
    assert "No matching distribution found for no-such-package-for-viktorlite-tests" in result.stderr
    assert "pip could not install the app's requirements" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr
