"""One data dir, one running instance: a second serve, web or embedded Redis on it is refused at once."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import httpx2
import pytest

from support import APPS, HANG, Served, copy_app, free_port, run_viktorlite, start_web
from viktorlite.cli.embedded_redis import EmbeddedRedis, EmbeddedRedisError
from viktorlite.cli.instance_lock import Holder, InstanceLock
from viktorlite.store import serve_info


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    return copy_app(APPS / "calculator", tmp_path)


def test_a_second_serve_on_the_same_data_dir_exits_2_naming_the_first_and_leaves_it_intact(app_dir: Path):
    with Served(app_dir) as first:
        entity = httpx2.post(first.url + "/api/entities", json={"entity_type": "Calculator", "name": "Mine"}).json()
        redis_before = first.redis_url()

        second = run_viktorlite("serve", app_dir, "--port", free_port(), timeout=HANG)

        assert second.returncode == 2, second.stderr
        error = second.stderr.strip()
        assert "Traceback" not in error and len(error.splitlines()) == 1, error
        assert f"pid {first.process.pid}" in error
        assert f"{first.url}/" in error
        assert "press Ctrl-C" not in second.stdout + second.stderr  # no banner
        # The first one keeps serving the same data: its Redis, its serve.json, its entity ids.
        assert first.process.poll() is None
        recorded = serve_info.read(app_dir / ".viktorlite")
        assert recorded is not None and recorded.pid == first.process.pid and recorded.redis_url == redis_before
        assert httpx2.get(first.url + f"/api/entities/{entity['id']}").json()["name"] == "Mine"
        another = httpx2.post(first.url + "/api/entities", json={"entity_type": "Calculator", "name": "Next"}).json()
        assert another["id"] == entity["id"] + 1


def test_a_web_process_on_a_served_data_dir_exits_2(app_dir: Path):
    with Served(app_dir) as first:
        web = run_viktorlite("web", app_dir, "--redis-url", first.redis_url(), "--port", free_port(), timeout=HANG)
        assert web.returncode == 2, web.stderr
        assert f"pid {first.process.pid}" in web.stderr
        assert first.process.poll() is None


def test_web_processes_share_a_data_dir_but_no_serve_starts_beside_them(app_dir: Path, tmp_path: Path):
    redis_server = EmbeddedRedis(tmp_path / "redis")
    url = redis_server.start()
    webs = []
    try:
        for _ in range(2):  # scaled out: two web processes of one app, one data dir (its login secret)
            web, web_url = start_web(app_dir, url)
            webs.append(web)
            assert httpx2.get(web_url + "/healthz").status_code == 200
        serve = run_viktorlite("serve", app_dir, "--port", free_port(), timeout=HANG)
        assert serve.returncode == 2, serve.stderr
        assert "is already using the data dir" in serve.stderr
        assert all(web.alive() for web in webs)
    finally:
        for web in webs:
            web.stop()
        redis_server.stop()


def test_a_second_embedded_redis_on_the_same_folder_is_refused(tmp_path: Path):
    first = EmbeddedRedis(tmp_path / "redis")
    first.start()
    try:
        with pytest.raises(EmbeddedRedisError, match="embedded Redis"):
            EmbeddedRedis(tmp_path / "redis").start()
    finally:
        first.stop()
    second = EmbeddedRedis(tmp_path / "redis")  # once the first stopped, the folder is free again
    second.start()
    second.stop()


def test_the_kernel_releases_the_lock_of_a_killed_holder(tmp_path: Path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, sys; from pathlib import Path; from viktorlite.cli.instance_lock import Holder, InstanceLock;"
            f"InstanceLock(Path({str(tmp_path)!r})).acquire(Holder(os.getpid(), 'serve'));"
            "print('locked', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    with pytest.raises(RuntimeError, match=f"pid {holder.pid}"):
        InstanceLock(tmp_path).acquire(Holder(1, "serve"))
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=HANG)
    lock = InstanceLock(tmp_path).acquire(Holder(12345, "serve"))  # no stale lock left behind
    assert json.loads((tmp_path / "instance.lock").read_text())["pid"] == 12345
    lock.release()
