"""Hot reload: from saving the app file to the new manifest in Redis, and to the new field in the page.

A real ``viktorlite serve`` (dev mode, reload on) serves a small app; each sample saves app.py with
one more NumberField, then times (1) until a worker publishes the manifest of the new code on
Redis and (2) until Chromium, with the editor open, shows the new field without a page reload.
Samples are a few seconds apart, as a person's saves are. The baseline, measured in the same run,
is a cold worker start (process start to published manifest), which is what a reload would cost
without the waiting spare worker. The target is < 1 s to the new manifest.

    .venv/bin/python benchmarks/bench_reload.py [--samples 10]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx2
import redis
from playwright.sync_api import sync_playwright

from viktorlite.cli.embedded_redis import EmbeddedRedis, free_port
from viktorlite.processes import ManagedProcess
from viktorlite.store.keys import Keys
from viktorlite.store.manifest import read_manifest
from viktorlite.workers.pool import WorkerPool

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
PAUSE_BETWEEN_SAVES = 2.0


def app_source(extra_fields: int) -> str:
    fields = [f'    f{i} = vkt.NumberField("Field {i}", default={i})' for i in range(extra_fields)]
    return "\n".join(
        [
            "import viktor as vkt",
            "",
            "class P(vkt.Parametrization):",
            '    length = vkt.NumberField("Length", default=1)',
            *fields,
            "",
            "class Form(vkt.Controller):",
            "    parametrization = P",
            "",
            '    @vkt.DataView("Data")',
            "    def data(self, params, **kwargs):",
            '        return vkt.DataResult(vkt.DataGroup(vkt.DataItem("Length", params.length)))',
            "",
        ]
    )


def make_app(root: Path, name: str) -> Path:
    directory = root / name
    directory.mkdir()
    (directory / "app.py").write_text(app_source(0))
    (directory / "viktor.config.toml").write_text('app_type = "simple"\n')
    return directory


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.02)


def cold_starts(root: Path, redis_url: str, samples: int) -> list[float]:
    """Start one worker process (no spare) and time it until its manifest is on Redis."""
    app_dir = make_app(root, "cold")
    client = redis.Redis.from_url(redis_url)
    times = []
    for _ in range(samples):
        client.delete(Keys(app_dir.name).manifest)
        pool = WorkerPool(app_dir, redis_url, root / "cold-data", 1)
        start = time.monotonic()
        pool.start()
        wait_for(lambda: read_manifest(client, app_dir.name) is not None, 30, "a cold worker's manifest")
        times.append(time.monotonic() - start)
        pool.stop(grace=5)
    return times


def serve(app_dir: Path, redis_url: str) -> tuple[ManagedProcess, str]:
    port = free_port()
    command = [sys.executable, "-P", "-m", "viktorlite", "serve", str(app_dir), "--redis-url", redis_url]
    process = ManagedProcess("serve", [*command, "--port", str(port)], log_file=app_dir.parent / "serve.log")
    process.start()
    url = f"http://127.0.0.1:{port}"

    def answering() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return httpx2.get(url + "/api/app").status_code == 200
        except OSError:
            return False

    wait_for(answering, 60, "serve to answer")
    return process, url


def reloads(app_dir: Path, redis_url: str, url: str, browser, samples: int) -> tuple[list[float], list[float]]:
    client = redis.Redis.from_url(redis_url)
    keys = Keys(app_dir.name)
    entity = httpx2.post(url + "/api/entities", json={"entity_type": "Form", "name": "E"}).json()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{url}/entities/{entity['id']}")
    page.wait_for_selector('#editor[data-ready="true"]', timeout=30_000)
    page.wait_for_selector('body[data-live="true"]', timeout=30_000)
    page.evaluate("window.benchMarker = 1")
    to_manifest, to_page = [], []
    for sample in range(samples):
        time.sleep(PAUSE_BETWEEN_SAVES)
        before = (read_manifest(client, app_dir.name) or {}).get("version")
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(keys.manifest_channel)
        start = time.monotonic()
        (app_dir / "app.py").write_text(app_source(sample + 1))
        while True:
            message = pubsub.get_message(timeout=1.0)  # None also for the (ignored) subscription itself
            if message is not None and message["data"].decode() != before:
                to_manifest.append(time.monotonic() - start)
                break
            if time.monotonic() - start > 30:
                raise TimeoutError("no new manifest")
        pubsub.close()
        page.wait_for_selector(f'[data-field="f{sample}"] input', state="visible", timeout=30_000)
        to_page.append(time.monotonic() - start)
    assert page.evaluate("window.benchMarker") == 1, "the page was loaded again"
    page.close()
    return to_manifest, to_page


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return f"median {statistics.median(times) * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=10)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="vl-bench-reload-"))
    server = EmbeddedRedis(root / "redis")
    redis_url = server.start()
    served = None
    try:
        baseline = cold_starts(root, redis_url, max(3, args.samples // 2))
        app_dir = make_app(root, "reloaded")
        served, url = serve(app_dir, redis_url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            to_manifest, to_page = reloads(app_dir, redis_url, url, browser, args.samples)
            browser.close()
        base = statistics.median(baseline)
        print(f"cold worker start -> manifest (baseline): {summary(baseline)}")
        print(f"save -> new manifest on Redis:            {summary(to_manifest)}")
        print(f"save -> new field shown in the editor:    {summary(to_page)}")
        print(
            f"ratios to the baseline (medians): manifest {statistics.median(to_manifest) / base:.2f}x, "
            f"page {statistics.median(to_page) / base:.2f}x; target < 1 s to the new manifest"
        )
    finally:
        if served is not None:
            served.stop(grace=10)
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
