"""``serve --open`` says so when it cannot start a browser, instead of doing nothing silently."""

from __future__ import annotations

from pathlib import Path

from support import APPS, HANG, Served, copy_app, wait_until


def test_open_without_a_browser_prints_a_line(tmp_path: Path):
    app_dir = copy_app(APPS / "calculator", tmp_path)
    env = {"BROWSER": str(tmp_path / "no-such-browser"), "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    with Served(app_dir, "--open", env=env) as served:
        wait_until(lambda: "no browser could be started" in served.text(), HANG, "the --open warning")
        assert f"open {served.url}/ yourself" in served.text()
