"""Guessing the access token or passwords is throttled per client address, not only per name.

A real ``viktorlite web`` process with an access token and a users file (issue 16, item 14):
before, wrong bearer tokens were never counted, and a guesser who changed the name at every form
login was never stopped. Two loopback addresses (127.0.0.1 and 127.0.0.2) are two clients.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from support import SAMPLE_APPS, start_web
from viktorlite.store.users_file import add_user
from viktorlite.web.middleware.login_throttle import MAX_FAILED_LOGINS, MAX_FAILED_PER_ADDRESS

TOKEN = "t0ken-for-the-throttle-tests-0123456789"
PASSWORD = "carol's password"


@pytest.fixture
def web(publish_app, tmp_path: Path) -> Iterator[str]:
    published = publish_app(SAMPLE_APPS / "inputs")
    users = tmp_path / "users"
    add_user(users, "carol", PASSWORD)
    process, url = start_web(
        published.directory, published.redis_url, "--users-file", str(users), "--access-token", TOKEN
    )
    try:
        yield url
    finally:
        process.stop()


def _client(url: str, address: str) -> httpx2.Client:
    return httpx2.Client(base_url=url, transport=httpx2.HTTPTransport(local_address=address), timeout=30)


def _bearer(client: httpx2.Client, token: str) -> int:
    return client.get("/api/entities", headers={"Authorization": f"Bearer {token}"}).status_code


def test_wrong_bearer_tokens_are_throttled_per_address(web: str):
    guesser, other = _client(web, "127.0.0.1"), _client(web, "127.0.0.2")
    assert _bearer(guesser, TOKEN) == 200
    for attempt in range(MAX_FAILED_PER_ADDRESS):
        assert _bearer(guesser, f"guess-number-{attempt:04d}-of-the-token") == 401
    refused = guesser.get("/api/entities", headers={"Authorization": f"Bearer {TOKEN}"})
    assert refused.status_code == 429, "even the right token: a right guess must look like a wrong one"
    assert "Too many failed logins from 127.0.0.1" in refused.json()["error"]
    assert refused.headers["retry-after"] == "300"
    assert _bearer(other, TOKEN) == 200, "another address is not affected"


def test_form_logins_are_throttled_per_address_whatever_name_they_try(web: str):
    guesser, other = _client(web, "127.0.0.1"), _client(web, "127.0.0.2")
    for attempt in range(MAX_FAILED_PER_ADDRESS):
        wrong = guesser.post("/login", data={"name": f"user{attempt}", "password": "guess", "next": "/"})
        assert wrong.status_code == 401, attempt
    refused = guesser.post("/login", data={"name": "carol", "password": PASSWORD, "next": "/"})
    assert refused.status_code == 429 and "Too many failed logins from 127.0.0.1" in refused.text
    assert other.post("/login", data={"name": "carol", "password": PASSWORD, "next": "/"}).status_code == 303


def test_one_name_is_still_throttled_from_many_addresses(web: str):
    for attempt in range(MAX_FAILED_LOGINS):
        client = _client(web, f"127.0.0.{10 + attempt}")
        assert client.post("/login", data={"name": "carol", "password": "guess"}).status_code == 401
    refused = _client(web, "127.0.0.99").post("/login", data={"name": "carol", "password": PASSWORD})
    assert refused.status_code == 429 and "for this name" in refused.text
