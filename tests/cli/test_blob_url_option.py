"""``--blob-url`` on serve, web and worker: a URL that names no blob store stops the command at once."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from viktorlite.cli.main import main


@pytest.mark.parametrize("command", ["serve", "web", "worker"])
def test_every_process_command_takes_a_blob_url(command):
    shown = CliRunner().invoke(main, [command, "--help"])
    assert shown.exit_code == 0
    assert "--blob-url" in shown.output and "s3://bucket/prefix" in shown.output


@pytest.mark.parametrize("url", ["ftp://host/x", "s3://", "file://relative/dir", "redis://localhost:6379"])
def test_a_url_that_names_no_blob_store_is_a_usage_error(tmp_path, url):
    (tmp_path / "app.py").write_text("")
    args = ["worker", str(tmp_path), "--redis-url", "redis://127.0.0.1:9/0", "--blob-url", url]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2, done.output
    assert "is not a blob store URL" in done.output
