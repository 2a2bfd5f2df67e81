"""Fault injection for the security and resource holes of issue 16 (items 12, 14, 15 first half).

Each fault runs once against a real ``viktorlite web`` process on a fresh embedded Redis (the
manifest published as a worker would, built here; these faults need no job to run). ``faults.py``
adds these rows to its table; run alone it prints only them:

    .venv/bin/python benchmarks/faults_holes.py
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import redis
from polling import wait
from redis.exceptions import OutOfMemoryError

from viktorlite.app.config import app_name
from viktorlite.app.loader import load_app
from viktorlite.app.manifest_builder import build_manifest
from viktorlite.cli.embedded_redis import EmbeddedRedis, free_port
from viktorlite.cli.redis_maxmemory import ENV as MAXMEMORY_ENV
from viktorlite.processes import ManagedProcess
from viktorlite.store.keys import Keys
from viktorlite.store.manifest import publish_manifest

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "sample_apps" / "inputs"
EDITOR = ROOT / "tests" / "apps" / "editor_app"
TOKEN = "fault-injection-token-0123456789"
DRAWING = "/api/uploads?entity_type=Design&field=places.drawing"
MB = 1024 * 1024
MAX_FILLERS = 20_000

Row = tuple[str, str, str]


class Holes:
    """One embedded Redis (``maxmemory`` as given) and the apps copied into ``workdir``."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir

    @contextmanager
    def redis(self, maxmemory: str | None = None) -> Iterator[str]:
        previous = os.environ.get(MAXMEMORY_ENV)
        if maxmemory is not None:
            os.environ[MAXMEMORY_ENV] = maxmemory
        server = EmbeddedRedis(Path(tempfile.mkdtemp(dir=self.workdir, prefix="redis-")))
        try:
            yield server.start()
        finally:
            server.stop()
            if previous is None:
                os.environ.pop(MAXMEMORY_ENV, None)
            else:
                os.environ[MAXMEMORY_ENV] = previous

    @contextmanager
    def web(self, source: Path, url: str, *args: str) -> Iterator[tuple[str, str]]:
        """A copy of ``source`` published on ``url`` and a web process for it: (app name, base URL)."""
        app_dir = Path(tempfile.mkdtemp(dir=self.workdir)) / source.name
        shutil.copytree(source, app_dir)
        name = app_name(app_dir)
        connection = redis.Redis.from_url(url)
        publish_manifest(connection, build_manifest(load_app(app_dir, name=name)))
        connection.close()
        port = free_port()
        command = [sys.executable, "-m", "viktorlite", "web", str(app_dir), "--redis-url", url, "--port", str(port)]
        process = ManagedProcess("web", [*command, *args])
        process.start()
        try:
            wait(lambda: _listening(port), timeout=60)
            yield name, f"http://127.0.0.1:{port}"
        finally:
            process.stop()


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def _client(base: str, address: str = "127.0.0.1") -> httpx2.Client:
    return httpx2.Client(base_url=base, transport=httpx2.HTTPTransport(local_address=address), timeout=60)


def orphan_upload(h: Holes) -> str:
    with h.redis() as url, h.web(INPUTS, url) as (app, base):
        connection = redis.Redis.from_url(url)
        entity = httpx2.post(base + "/api/entities", json={"entity_type": "Design", "name": "E"}).json()["id"]
        upload = httpx2.post(base + DRAWING, files={"file": ("d.txt", b"1,2", "text/plain")}).json()
        before = connection.ttl(Keys(app).blob(upload["file_id"]))
        params = {"places": {"drawing": {"file_id": upload["file_id"], "filename": "d.txt"}}}
        httpx2.put(base + f"/api/entities/{entity}/params", json={"params": params})
        after = (
            connection.ttl(Keys(app).blob(upload["file_id"])),
            connection.ttl(Keys(app).blob_chunks(upload["file_id"])),
        )
        return f"TTL {before} s; after saving params naming it: TTL {after[0]}/{after[1]}"


def redis_config(h: Holes) -> str:
    with h.redis() as url:
        connection = redis.Redis.from_url(url)
        limit = int(connection.config_get("maxmemory")["maxmemory"])
        policy = connection.config_get("maxmemory-policy")["maxmemory-policy"]
        return f"maxmemory {limit / MB / 1024:.1f} GB, policy {policy}"


def redis_full(h: Holes) -> str:
    with h.redis("4mb") as url, h.web(INPUTS, url) as (_, base):
        connection = redis.Redis.from_url(url)
        entity = httpx2.post(base + "/api/entities", json={"entity_type": "Design", "name": "E"}).json()["id"]
        for title in ("one", "two"):
            httpx2.put(base + f"/api/entities/{entity}/params", json={"params": {"basics": {"text": {"title": title}}}})
        before = httpx2.get(base + f"/api/entities/{entity}/revisions").json()
        fillers = 0
        try:
            while fillers < MAX_FILLERS:  # bounded: a Redis without a limit would take them all
                connection.set(f"filler:{fillers}", b"x" * 1024)
                fillers += 1
            return f"{fillers} KB of fillers past a 4 MB maxmemory were all taken: no limit"
        except OutOfMemoryError:
            connection.config_set("maxmemory", int(connection.info("memory")["used_memory"]) - MB // 2)
        refused = httpx2.put(base + f"/api/entities/{entity}/params", json={"params": {}})
        upload = httpx2.post(base + DRAWING, files={"file": ("d.txt", b"1,2", "text/plain")})
        intact = httpx2.get(base + f"/api/entities/{entity}/revisions").json() == before
        kept = connection.exists(*(f"filler:{i}" for i in range(fillers))) == fillers
        message = refused.json().get("error", "")[:60]
        return (
            f"save {refused.status_code} ({message}...), upload {upload.status_code}; "
            f"revisions {'intact' if intact else 'CHANGED'}; {'nothing' if kept else 'SOMETHING'} evicted"
        )


def wrong_tokens(h: Holes) -> str:
    with h.redis() as url, h.web(INPUTS, url, "--access-token", TOKEN) as (_, base):
        guesser, other = _client(base), _client(base, "127.0.0.2")
        codes = [
            guesser.get("/api/entities", headers={"Authorization": f"Bearer guess-{i:03d}"}).status_code
            for i in range(40)
        ]
        right = guesser.get("/api/entities", headers={"Authorization": f"Bearer {TOKEN}"}).status_code
        elsewhere = other.get("/api/entities", headers={"Authorization": f"Bearer {TOKEN}"}).status_code
        first = codes.index(429) + 1 if 429 in codes else None
        return f"first 429 at guess {first}; right token then {right}; from another address {elsewhere}"


def form_logins(h: Holes) -> str:
    with h.redis() as url, h.web(INPUTS, url, "--access-token", TOKEN) as (_, base):
        guesser = _client(base)
        codes = [guesser.post("/login", data={"name": f"u{i}", "password": "guess"}).status_code for i in range(40)]
        first = codes.index(429) + 1 if 429 in codes else None
        return f"40 logins, each a new name: first 429 at attempt {first}"


def upload_types(h: Holes) -> str:
    with h.redis() as url, h.web(INPUTS, url) as (_, base):
        shown = []
        for claimed in ("text/javascript", "text/html", "image/svg+xml", "image/png"):
            photos = "/api/uploads?entity_type=Design&field=places.photos"
            upload = httpx2.post(base + photos, files={"file": ("x.txt", b"alert(1)", claimed)}).json()
            served = httpx2.get(base + f"/api/blobs/{upload['file_id']}")
            disposition = served.headers.get("content-disposition", "").split(";")[0]
            shown.append(f"{claimed} -> {served.headers['content-type']} {disposition}")
        return "; ".join(shown)


def cross_site_sessions(h: Holes) -> str:
    with h.redis() as url, h.web(EDITOR, url) as (app, base):
        connection = redis.Redis.from_url(url)
        for _ in range(200):
            httpx2.get(base + "/", headers={"Sec-Fetch-Site": "cross-site"})
        cross = connection.zcard(Keys(app).sessions)
        httpx2.get(base + "/", headers={"Sec-Fetch-Site": "none"})
        return (
            f"{cross} session entities after 200 cross-site GETs; {connection.zcard(Keys(app).sessions)} after one own"
        )


def long_filename(h: Holes) -> str:
    with h.redis() as url, h.web(INPUTS, url) as (_, base):
        answer = httpx2.post(base + DRAWING, files={"file": ("a" * 5000 + ".txt", b"1,2", "text/plain")})
        return f"{answer.status_code}: {answer.json().get('error', '')[:90]}"


CASES: list[tuple[str, str, Callable[[Holes], str]]] = [
    ("12a. upload no saved params name", "TTL <= 24 h; saving clears it", orphan_upload),
    ("12b. embedded Redis' memory limit", "maxmemory set, noeviction", redis_config),
    ("12c. save and upload with Redis full", "507 naming maxmemory, revisions intact", redis_full),
    ("14a. 40 wrong bearer tokens, one address", "429 from the 31st on, others unaffected", wrong_tokens),
    ("14b. 40 failed logins, 40 names, one address", "429 from the 31st on", form_logins),
    ("14c. uploads claiming active types", "octet-stream attachment; png inline", upload_types),
    ("14d. 200 cross-site GET / of an editor app", "0 session entities", cross_site_sessions),
    ("15a. 5,000-character upload file name", "400 naming the header size", long_filename),
]


def rows() -> list[Row]:
    """Run every case; a case that breaks is an observation too."""
    workdir = Path(tempfile.mkdtemp(prefix="viktorlite-holes-"))
    holes = Holes(workdir)
    found = []
    try:
        for fault, expected, check in CASES:
            try:
                observed = check(holes)
            except Exception as exc:  # noqa: BLE001 - reported in the table
                observed = f"ERROR {type(exc).__name__}: {exc}"
            found.append((fault, expected, observed))
            print(f"{fault}: {observed}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return found


def main() -> None:
    print("| fault | expected | observed |\n|---|---|---|")
    for fault, expected, observed in rows():
        print(f"| {fault} | {expected} | {observed} |")


if __name__ == "__main__":
    main()
