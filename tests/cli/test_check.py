"""`viktorlite check` through the real command: real worker processes, real Redis, real jobs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from support import APPS, SAMPLE_APPS, copy_app, run_viktorlite


def run_check(app_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_viktorlite("check", app_dir, *args)


def test_every_status_is_reported_and_fails_the_check(tmp_path: Path, redis_url: str) -> None:
    app = copy_app(APPS / "check_statuses", tmp_path)
    done = run_check(app, "--json", "--timeout", "2", "--redis-url", redis_url)
    assert done.returncode == 1, done.stderr
    rows = {row["method"]: row for row in json.loads(done.stdout)}
    assert {m: r["status"] for m, r in rows.items()} == {
        "fine": "ok",
        "refused": "user error",
        "crashes": "app error",
        "slow": "timeout",
        "scia": "unsupported",
        "go": "ok",
    }
    assert rows["fine"]["result_type"] == "DataResult" and rows["fine"]["kind"] == "DataView"
    assert rows["go"]["kind"] == "ActionButton" and rows["go"]["result_type"] == "ActionResult"
    assert "ZeroDivisionError" in rows["crashes"]["message"]
    assert "SCIA" in rows["scia"]["message"]
    assert set(rows["fine"]) >= {"entity_type", "method", "kind", "status", "result_type", "seconds"}
    assert 2 <= rows["slow"]["seconds"] < 20


def test_a_working_app_passes_with_a_table_of_its_entity_types(tmp_path: Path) -> None:
    done = run_check(copy_app(SAMPLE_APPS / "beam", tmp_path))  # its own embedded Redis
    assert done.returncode == 0, done.stdout + done.stderr
    assert "entity type Controller: views results (DataView), moment_diagram (PlotlyView)" in done.stdout
    assert "NumberField geometry.beam.span 'Span' = 6.0" in done.stdout
    lines = [line.split() for line in done.stdout.splitlines()]
    assert lines[-1][:5] == ["Controller", "moment_diagram", "PlotlyView", "ok", "PlotlyResult"]


def test_an_app_that_fails_to_load_is_named_with_its_error(tmp_path: Path, redis_url: str) -> None:
    app = tmp_path / "broken_import"
    app.mkdir()
    (app / "viktor.config.toml").write_text('app_type = "simple"\n')
    (app / "app.py").write_text("import viktor as vkt\nraise RuntimeError('no config here')\n")
    done = run_check(app, "--redis-url", redis_url)
    assert done.returncode == 1
    assert "RuntimeError: no config here" in done.stderr
    assert "Traceback" not in done.stdout
