"""viktor.config.toml: the platform's keys pass as they are; a typo or wrong type in [viktorlite] is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import run_viktorlite
from viktorlite.app.config import AppConfigError, read_config

PLATFORM_KEYS = """\
app_type = "simple"
python_version = "3.11"
registered_name = "my-beam"
packages = ["libgl1"]
secrets = ["API_KEY"]
enable_privileged_api = true
assets_path = "assets"
a_key_of_a_newer_platform = {nested = 1}
"""


def app_folder(tmp_path: Path, config: str) -> Path:
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "app.py").write_text("import viktor as vkt\n\nclass Beam(vkt.Controller):\n    pass\n")
    (folder / "viktor.config.toml").write_text(config)
    return folder


def refusal(tmp_path: Path, config: str) -> str:
    with pytest.raises(AppConfigError) as raised:
        read_config(app_folder(tmp_path, config))
    return str(raised.value)


def test_a_valid_config_with_every_platform_key_and_every_setting_is_read(tmp_path: Path):
    settings = """
[viktorlite]
job_timeout = 600
job_memory_mb = 512
retry_safe = ["results"]
memoize_dev_entries = 3
keep_job_inputs_hours = 2
max_result_mb = 0.5

[viktorlite.timeouts]
slow = 1800
"""
    config = read_config(app_folder(tmp_path, PLATFORM_KEYS + settings))
    assert (config.app_type, config.assets_path, config.enable_privileged_api) == ("simple", "assets", True)
    assert config.jobs.timeout == 600 and config.jobs.memory_mb == 512
    assert config.jobs.timeouts == {"slow": 1800} and config.jobs.retry_safe == ("results",)
    assert config.jobs.timeout_for("slow") == 1800 and config.jobs.timeout_for("other") == 600
    assert (config.memoize_dev_entries, config.keep_job_inputs_hours, config.max_result_mb) == (3, 2.0, 0.5)


def test_without_a_viktorlite_table_every_setting_has_its_default(tmp_path: Path):
    config = read_config(app_folder(tmp_path, 'app_type = "editor"\n'))
    assert config.jobs.timeout == 300 and config.jobs.memory_mb == 2048 and config.jobs.timeouts == {}
    assert (config.memoize_dev_entries, config.keep_job_inputs_hours, config.max_result_mb) == (10, 24.0, None)
    assert config.enable_privileged_api is False and config.assets_path is None


def test_a_typo_in_the_viktorlite_table_is_refused_naming_the_key_the_file_and_the_nearest_known_key(tmp_path: Path):
    message = refusal(tmp_path, 'app_type = "simple"\n[viktorlite]\njob_timout = 600\n')
    config_file = tmp_path / "app" / "viktor.config.toml"
    assert message == (
        f"{config_file}: unknown key 'job_timout' in [viktorlite] of viktor.config.toml; did you mean 'job_timeout'?"
    )


IN_TABLE = "in [viktorlite] of viktor.config.toml;"


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ("[viktorlite.timeout]\nslow = 5", f"unknown key 'timeout' {IN_TABLE} did you mean 'timeouts'?"),
        ("[viktorlite]\nretry_sfe = []", f"unknown key 'retry_sfe' {IN_TABLE} did you mean 'retry_safe'?"),
        ("[viktorlite]\ncolour = 'red'", f"unknown key 'colour' {IN_TABLE} known keys: job_timeout, job_memory_mb"),
        ("[viktorlite]\njob_timeout = '600'", "job_timeout must be a whole number >= 1 (seconds), not '600'"),
        ("[viktorlite]\njob_memory_mb = true", "job_memory_mb must be a whole number >= 1 (megabytes), not True"),
        ("[viktorlite]\nmemoize_dev_entries = 0", "memoize_dev_entries must be a whole number >= 1, not 0"),
        ("[viktorlite]\nretry_safe = 'results'", "retry_safe must be a list of method names, not 'results'"),
        ("[viktorlite]\nretry_safe = ['a', 1]", "retry_safe must be a list of method names, not ['a', 1]"),
        ("[viktorlite]\ntimeouts = 5", "timeouts must be a table of method = seconds, not 5"),
        ("[viktorlite.timeouts]\nslow = 1.5", "[viktorlite.timeouts] slow must be a whole number >= 1, not 1.5"),
        ("[viktorlite]\nmax_result_mb = -1", "max_result_mb must be a number of megabytes > 0, not -1"),
        ("viktorlite = 5", "[viktorlite] must be a table, not 5"),
        ("enable_privileged_api = 'yes'", "enable_privileged_api must be true or false, not 'yes'"),
    ],
)
def test_a_wrong_key_or_type_is_refused_by_name(tmp_path: Path, table: str, says: str):
    message = refusal(tmp_path, f'app_type = "simple"\n{table}\n')
    assert message.startswith(f"{tmp_path / 'app' / 'viktor.config.toml'}: ") and says in message


def test_every_problem_is_reported_at_once(tmp_path: Path):
    message = refusal(tmp_path, 'app_type = "simple"\n[viktorlite]\njob_timout = 600\nmemoize_dev_entries = "ten"\n')
    assert "'job_timout'" in message and "memoize_dev_entries must be" in message
    assert len(message.splitlines()) == 2


@pytest.mark.parametrize("command", ["check", "serve"])
def test_check_and_serve_fail_to_load_the_app_with_the_message_and_no_traceback(tmp_path: Path, command: str):
    folder = app_folder(tmp_path, 'app_type = "simple"\n[viktorlite]\njob_timout = 600\n')
    result = run_viktorlite(command, folder, timeout=60)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert f"unknown key 'job_timout' {IN_TABLE} did you mean 'job_timeout'?" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
