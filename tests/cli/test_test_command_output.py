"""What ``viktorlite test`` prints and leaves behind in the app folder."""

from __future__ import annotations

from pathlib import Path

from support import HANG, run_viktorlite


def test_the_header_names_a_real_config_file_and_the_cache_stays_out_of_the_app(tmp_path: Path) -> None:
    app = tmp_path / "tested_app"
    assert run_viktorlite("new", app, "--type", "editor").returncode == 0
    tested = run_viktorlite("test", app, timeout=HANG)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "dev/null" not in tested.stdout
    assert "configfile: .viktorlite/pytest.ini" in tested.stdout
    assert not (app / ".pytest_cache").exists()
    assert not list(app.glob("pytest-cache-files-*"))
