"""Access control against a real ``viktorlite serve``: loopback needs no login, a network address does.

One server runs for the module with both an access token and a users file, so people log in with
a name and password (or the token) and scripts send ``Authorization: Bearer``.
"""

from __future__ import annotations

import json
import os
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
import redis

from support import SAMPLE_APPS, VIKTORLITE, Served, copy_app, free_port, start_web
from viktorlite.store.users_file import add_user, verify_password
from viktorlite.web.routes.openapi import build_openapi

TOKEN = "t0ken-for-the-access-tests-0123456789"
PASSWORDS = {"alice": "alice's password", "bob": "bob's password"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("access")
    app = copy_app(SAMPLE_APPS / "beam", folder)
    users = folder / "users"
    for name, password in PASSWORDS.items():
        add_user(users, name, password)
    with Served(app, "--users-file", str(users), env={"VIKTORLITE_ACCESS_TOKEN": TOKEN}) as server:
        yield server


def login(server: Served, name: str, password: str) -> httpx2.Client:
    client = httpx2.Client(base_url=server.url, timeout=30)
    response = client.post("/login", data={"name": name, "password": password, "next": "/"})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    return client


def job_request(server: Served, job_id: str) -> dict:
    connection = redis.Redis.from_url(server.redis_url())
    raw = connection.hget(f"rq:job:{job_id}", "data")
    connection.close()
    _func, _instance, args, _kwargs = json.loads(zlib.decompress(raw))
    return args[0]


def test_a_network_address_needs_an_access_setting(tmp_path: Path):
    app = copy_app(SAMPLE_APPS / "beam", tmp_path)
    for host in ("0.0.0.0", "192.0.2.10", "::"):
        serve = [*VIKTORLITE, "serve", str(app), "--host", host, "--port", str(free_port())]
        result = subprocess.run(serve, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2, result.stderr
        assert "without an access setting" in result.stderr and "--access-token" in result.stderr
    web = [*VIKTORLITE, "web", str(app), "--redis-url", "redis://127.0.0.1:9/0", "--host", "0.0.0.0"]
    result = subprocess.run(web, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "without an access setting" in result.stderr
    result = subprocess.run([*web, "--access-token", "short"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "at least 16 characters" in result.stderr
    assert not (app / ".viktorlite" / "redis").exists()  # refused before anything started


def test_users_add_keeps_only_a_salted_hash(tmp_path: Path):
    users = tmp_path / "users"
    add = [*VIKTORLITE, "users", "add", str(users)]
    result = subprocess.run([*add, "carol"], input="correct horse\ncorrect horse\n", capture_output=True, text=True)
    assert result.returncode == 0 and "added carol" in result.stdout, result.stderr
    result = subprocess.run([*add, "dave"], input="correct horse\ncorrect horse\n", capture_output=True, text=True)
    assert result.returncode == 0
    text = users.read_text()
    assert "correct horse" not in text
    hashes = dict(line.split(":", 1) for line in text.splitlines())
    assert hashes["carol"] != hashes["dave"]  # salted: the same password hashes differently
    assert verify_password("correct horse", hashes["carol"]) and not verify_password("wrong", hashes["carol"])
    assert os.stat(users).st_mode & 0o777 == 0o600
    result = subprocess.run([*add, "carol"], input="a new secret\na new secret\n", capture_output=True, text=True)
    assert result.returncode == 0 and "changed the password of carol" in result.stdout
    assert len(users.read_text().splitlines()) == 2
    result = subprocess.run([*add, "eve"], input="short\nshort\n", capture_output=True, text=True)
    assert result.returncode == 1 and "at least 8 characters" in result.stderr
    result = subprocess.run([*add, "bad:name"], input="long enough\nlong enough\n", capture_output=True, text=True)
    assert result.returncode == 1 and "user name" in result.stderr


def test_every_route_but_the_login_page_needs_a_login(served: Served):
    paths = {"/", "/dashboard", "/entities/1", "/openapi.json", "/static/js/editor.js", "/api/dashboard/events"}
    for path, methods in build_openapi()["paths"].items():
        paths |= {path.replace("{", "").replace("}", "")}
        for method in methods:
            response = httpx2.request(method.upper(), served.url + path.replace("{", "").replace("}", ""))
            if path.startswith("/api/"):
                assert response.status_code == 401, (method, path, response.status_code)
                assert "not logged in" in response.json()["error"]
    for path in paths:
        response = httpx2.get(served.url + path)
        if path.startswith(("/api/", "/openapi")):
            assert response.status_code == 401, path
        else:
            assert response.status_code == 303 and response.headers["location"].startswith("/login?next="), path
    login_page = httpx2.get(served.url + "/login")
    assert login_page.status_code == 200 and 'name="password"' in login_page.text
    assert "script-src 'self'" in login_page.headers["content-security-policy"]
    assert httpx2.get(served.url + "/static/css/viktorlite.css").status_code == 200

    wrong = httpx2.get(served.url + "/api/entities", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401 and "token is wrong" in wrong.json()["error"]
    forged = httpx2.get(served.url + "/api/entities", cookies={"viktorlite_session": "InNvbWUgaWQi.Zz9x.forged"})
    assert forged.status_code == 401


def test_the_logged_in_user_authors_revisions_and_runs_jobs_until_logout(served: Served):
    client = login(served, "alice", PASSWORDS["alice"])
    page = client.get("/")
    assert page.status_code == 200 and "data-user>alice<" in page.text and 'id="logout"' in page.text
    entity = client.post("/api/entities", json={"entity_type": "Controller", "name": "Alice's beam"}).json()
    saved = client.put(f"/api/entities/{entity['id']}/params", json={"params": {"geometry": {"beam": {"span": 7}}}})
    assert saved.status_code == 200, saved.text
    revisions = client.get(f"/api/entities/{entity['id']}/revisions").json()
    assert [r["author"] for r in revisions] == ["alice", "alice"]
    job = client.post(f"/api/entities/{entity['id']}/jobs", json={"method": "results"}).json()
    assert job_request(served, job["job_id"])["user"] == "alice"

    cookie = client.cookies["viktorlite_session"]
    assert client.post("/logout").status_code == 303
    assert client.get("/api/entities").status_code == 401
    replayed = httpx2.get(served.url + "/api/entities", cookies={"viktorlite_session": cookie})
    assert replayed.status_code == 401  # the session ended on the server, not only in this browser
    client.close()


def test_the_token_logs_in_people_by_name_and_scripts_by_bearer(served: Served):
    client = login(served, "carol", TOKEN)
    entity = client.post("/api/entities", json={"entity_type": "Controller", "name": "Carol's beam"}).json()
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    saved = httpx2.put(f"{served.url}/api/entities/{entity['id']}/params", json={"params": {}}, headers=bearer)
    assert saved.status_code == 200
    revisions = client.get(f"/api/entities/{entity['id']}/revisions").json()
    assert [r["author"] for r in revisions] == ["carol", "api"]
    # the token cannot log in as someone from the users file
    refused = httpx2.post(served.url + "/login", data={"name": "alice", "password": TOKEN})
    assert refused.status_code == 401 and "Wrong name or password" in refused.text
    client.close()


def test_wrong_passwords_are_refused_then_throttled(served: Served):
    for _ in range(10):
        wrong = httpx2.post(served.url + "/login", data={"name": "bob", "password": "guess"})
        assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
    throttled = httpx2.post(served.url + "/login", data={"name": "bob", "password": PASSWORDS["bob"]})
    assert throttled.status_code == 429 and "Too many failed logins" in throttled.text


def test_requests_from_other_sites_are_refused(served: Served):
    client = login(served, "alice", PASSWORDS["alice"])
    body = {"entity_type": "Controller", "name": "cross-site"}
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}):
        response = client.post("/api/entities", json=body, headers=headers)
        assert response.status_code == 403 and "cross-site request refused" in response.json()["error"]
    own = client.post("/api/entities", json=body, headers={"Origin": served.url, "Sec-Fetch-Site": "same-origin"})
    assert own.status_code == 201
    login_csrf = httpx2.post(
        served.url + "/login", data={"name": "alice", "password": "x"}, headers={"Origin": "http://evil.example"}
    )
    assert login_csrf.status_code == 403
    assert client.get("/api/entities", headers={"Origin": "http://evil.example"}).status_code == 200  # reads are safe
    client.close()


def test_loopback_without_access_answers_only_to_loopback_names(start_app):
    running = start_app(SAMPLE_APPS / "beam")
    web, url = start_web(running.directory, running.redis_url)
    try:
        port = url.rsplit(":", 1)[1]
        assert httpx2.get(url + "/api/entities").status_code == 200
        assert httpx2.get(url + "/api/entities", headers={"Host": f"localhost:{port}"}).status_code == 200
        rebound = httpx2.get(url + "/api/entities", headers={"Host": f"attacker.example:{port}"})
        assert rebound.status_code == 403 and "answers only to localhost" in rebound.json()["error"]
        created = httpx2.post(url + "/api/entities", json={"entity_type": "Controller", "name": "local"}).json()
        revisions = httpx2.get(f"{url}/api/entities/{created['id']}/revisions").json()
        assert revisions[0]["author"] == "local user"
    finally:
        web.stop()
