"""store/connection.py: viktorlite runs its job path over rediss://, as an ACL user, and through Sentinel.

Each form runs a real job end to end: a worker pool and the web app both given only that URL, the
job writing to and reading from Storage.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from probe import answer, new_entity, run_job
from redis_forms import TlsFront, make_certificates, start_native_tls, start_sentinel
from starlette.testclient import TestClient

from support import APPS, copy_app, free_port, wait_for_manifest
from viktorlite.cli.embedded_redis import EmbeddedRedis
from viktorlite.store.connection import connect, parse_sentinel_url
from viktorlite.web.app import create_app
from viktorlite.workers.pool import WorkerPool

#: What viktorlite's web and worker processes need of Redis (docs/several-machines.md): every key
#: and channel, every command but the dangerous ones, and back from those INFO (serve's banner,
#: the memory checks) and the two CLIENT subcommands an RQ worker names and finds itself with.
ACL_RULE = "on ~* &* +@all -@dangerous +info +client|setname +client|info"


def run_storage_job(url: str, parent: Path) -> None:
    """A worker and the web app on ``url`` only; a job stores a file and a second job reads it back."""
    directory = copy_app(APPS / "state", parent)
    pool = WorkerPool(directory, url, parent / f"data-{directory.name}", 1)
    pool.start()
    try:
        client = connect(url)
        wait_for_manifest(client, directory.name)
        client.close()
        with TestClient(create_app(url, directory.name, app_dir=directory)) as web:
            entity = new_entity(web, "over this url")
            assert answer(run_job(web, entity, "storage_set", {"key": "k", "text": "kept"})) == {"ok": True}
            got = answer(run_job(web, entity, "storage_get", {"key": "k"}))
            assert got["text"] == "kept"
    finally:
        pool.stop()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[EmbeddedRedis]:
    server = EmbeddedRedis(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


def test_a_job_runs_over_tls_through_a_tls_front(tmp_path: Path, own_redis: EmbeddedRedis) -> None:
    certificates = make_certificates(tmp_path)
    front = TlsFront(certificates, own_redis.port)
    try:
        url = f"rediss://:{own_redis.password}@localhost:{front.port}/0?ssl_ca_certs={certificates.ca}"
        run_storage_job(url, tmp_path)
    finally:
        front.close()


def test_a_job_runs_over_tls_on_the_embedded_server(tmp_path: Path) -> None:
    certificates = make_certificates(tmp_path)
    process, url = start_native_tls(tmp_path, certificates, "tls-secret")
    if process is None:
        pytest.skip(url)
    try:
        run_storage_job(url, tmp_path)
    finally:
        process.stop()


def test_tls_checks_the_certificate(tmp_path: Path, own_redis: EmbeddedRedis) -> None:
    """A server certificate from another CA is refused: rediss:// verifies by default."""
    front = TlsFront(make_certificates(tmp_path), own_redis.port)
    other = tmp_path / "other"
    other.mkdir()
    try:
        url = f"rediss://:{own_redis.password}@localhost:{front.port}/0?ssl_ca_certs={make_certificates(other).ca}"
        with pytest.raises(redis.ConnectionError, match="certificate verify failed"):
            connect(url, socket_timeout=10).ping()
    finally:
        front.close()


def test_a_job_runs_as_an_acl_user_limited_to_what_viktorlite_needs(tmp_path: Path, own_redis: EmbeddedRedis) -> None:
    admin = connect(own_redis.url)
    admin.execute_command("ACL", "SETUSER", "viktorlite", "reset", ">app-secret", *ACL_RULE.split())
    assert not admin.acl_getuser("viktorlite")["commands"].count("+flushall")
    run_storage_job(f"redis://viktorlite:app-secret@127.0.0.1:{own_redis.port}/0", tmp_path)
    denied = [(entry["reason"], entry["object"], entry.get("client-info")) for entry in admin.acl_log()]
    admin.close()
    # Nothing viktorlite sent was refused, not even a call it would survive (RQ's CLIENT INFO).
    assert denied == [], [(d[0], d[1], d[2].get("cmd"), d[2].get("name")) for d in denied]


def test_a_worker_with_a_wrong_password_stops_with_a_clear_message(tmp_path: Path, own_redis: EmbeddedRedis) -> None:
    admin = connect(own_redis.url)
    admin.execute_command("ACL", "SETUSER", "viktorlite", "reset", ">app-secret", *ACL_RULE.split())
    admin.close()
    directory = copy_app(APPS / "state", tmp_path)
    url = f"redis://viktorlite:not-the-password@127.0.0.1:{own_redis.port}/0"
    done = subprocess.run(
        [sys.executable, "-P", "-m", "viktorlite", "worker", str(directory), "--redis-url", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert f"Redis at redis://viktorlite:***@127.0.0.1:{own_redis.port}/0 refused the user or password" in done.stderr
    assert "not-the-password" not in done.stderr + done.stdout


@pytest.mark.parametrize("command", ["web", "serve"])
def test_web_and_serve_with_a_wrong_password_stop_with_a_clear_message(
    tmp_path: Path, own_redis: EmbeddedRedis, command: str
) -> None:
    directory = copy_app(APPS / "state", tmp_path)
    url = f"redis://default:not-the-password@127.0.0.1:{own_redis.port}/0"
    done = subprocess.run(
        [
            sys.executable,
            "-P",
            "-m",
            "viktorlite",
            command,
            str(directory),
            "--redis-url",
            url,
            "--port",
            str(free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert f"Redis at redis://default:***@127.0.0.1:{own_redis.port}/0 refused the user or password" in done.stderr
    assert "not-the-password" not in done.stderr + done.stdout


def test_a_job_runs_through_sentinel(tmp_path: Path, own_redis: EmbeddedRedis) -> None:
    sentinel, port = start_sentinel(tmp_path / "sentinel", own_redis.port, own_redis.password)
    if sentinel is None:
        pytest.skip("the embedded redis-server has no Sentinel mode (--sentinel)")
    try:
        url = f"redis+sentinel://:{own_redis.password}@127.0.0.1:{port}/mymaster/0"
        assert connect(url).ping()
        run_storage_job(url, tmp_path)
    finally:
        sentinel.stop()


def test_sentinel_urls_name_hosts_service_db_and_both_passwords() -> None:
    target = parse_sentinel_url(
        "rediss+sentinel://app:pw@h1:26380,h2/mymaster/3?sentinel_password=sp&ssl_ca_certs=/ca.pem&socket_timeout=2"
    )
    assert target.sentinels == [("h1", 26380), ("h2", 26379)]
    assert (target.service, target.tls) == ("mymaster", True)
    assert target.options == {
        "username": "app",
        "password": "pw",
        "db": 3,
        "ssl": True,
        "ssl_ca_certs": "/ca.pem",
        "socket_timeout": 2.0,
    }
    assert target.sentinel_options == {"password": "sp", "ssl": True, "ssl_ca_certs": "/ca.pem"}
