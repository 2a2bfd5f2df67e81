"""The dashboard and the editor's job log show each job's ``viktorlite replay`` command, ready to copy."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx2
import pytest
from playwright.sync_api import Page, expect

from support import APPS


@pytest.fixture(scope="module")
def failed_job(start_module_app, start_module_web) -> tuple[str, int, str, str]:
    """A web process for the replay test app and one failed job: (url, entity id, job id, its replay command).

    The module's tests only read it (the dashboard, the job log), so they share it.
    """
    running = start_module_app(APPS / "replay")
    url = start_module_web(running)
    entity = httpx2.post(url + "/api/entities", json={"entity_type": "Replay", "name": "R"}).json()
    started = httpx2.post(f"{url}/api/entities/{entity['id']}/jobs", json={"method": "share"}).json()
    ended = httpx2.get(f"{url}/api/jobs/{started['job_id']}", params={"wait": 60}, timeout=120).json()
    assert ended["status"] == "failed", ended
    # No serve.json names this Redis (the workers and web were started on their own): the URL is part of it,
    # with its password replaced (the page is no place for it).
    password = urlsplit(running.redis_url).password
    assert password, "the embedded Redis of the tests asks for a password"
    shown_url = running.redis_url.replace(password, "PASSWORD")
    command = f"viktorlite replay {started['job_id']} {running.directory} --redis-url {shown_url}"
    return url, entity["id"], started["job_id"], command


def test_the_dashboard_shows_the_replay_command_and_copies_it(page: Page, failed_job):
    url, _, job_id, command = failed_job
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    page.goto(f"{url}/dashboard")
    row = page.locator(f'#job-rows tr[data-job-id="{job_id}"]')
    expect(row.locator("[data-replay-command]")).to_have_text(command)
    row.locator(".replay-command button").click()
    expect(page.locator(".toast-success")).to_contain_text("Replay command copied")
    assert page.evaluate("navigator.clipboard.readText()") == command


def test_the_job_log_shows_the_replay_command(page: Page, failed_job):
    url, entity_id, job_id, command = failed_job
    page.goto(f"{url}/entities/{entity_id}")
    page.locator("#job-log-button").click()
    entry = page.locator(f'#job-log .job-log-entry[data-job-id="{job_id}"]')
    expect(entry.locator(".job-log-replay [data-replay-command]")).to_have_text(command)
