"""Several machines, simulated on one: each "host" a network namespace with its own address.

Redis, an S3 server (moto), two ``viktorlite web`` and three ``viktorlite worker`` processes each
run in a namespace of their own (``ip netns``), joined by veth pairs to a bridge this test makes;
they reach each other only by those addresses, as on a private network. A workload of creates,
saves and jobs goes through both web processes; then a worker host and a web host are killed
(every process in the namespace, SIGKILL), and the test checks that no save answered 2xx is lost
and that the dead worker host's job is reported failed within 10 s. ``make simulate-cluster``
runs this alone. Skipped, saying why, where namespaces cannot be made (not root, no ``ip``).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rq import Worker

from support import APPS, HANG, copy_app, wait_until
from viktorlite.cli.embedded_redis import find_server_binary
from viktorlite.store.connection import connect

pytestmark = pytest.mark.cluster

TOKEN = "cluster-simulation-token-" + "x" * 16
BUCKET = "viktorlite-cluster"
#: How soon the jobs of a dead worker host must be reported (issue 20 item 5).
REPORT_SECONDS = 10.0


def ip(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check, timeout=30)


def namespaces_unavailable() -> str | None:
    """Why namespaces cannot be made here, or None."""
    if shutil.which("ip") is None:
        return "no `ip` command (iproute2 is not installed)"
    if os.geteuid() != 0:
        return "not root: `ip netns add` needs CAP_SYS_ADMIN and CAP_NET_ADMIN"
    probe = f"vlprobe{secrets.token_hex(3)}"
    made = ip("netns", "add", probe, check=False)
    if made.returncode != 0:
        return f"`ip netns add` fails here: {made.stderr.strip()}"
    ip("netns", "del", probe, check=False)
    return None


@dataclass
class Host:
    name: str
    namespace: str
    address: str
    #: The end of its veth pair on the bridge (deleting it deletes both ends).
    link: str
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def pids(self) -> list[int]:
        found = ip("netns", "pids", self.namespace, check=False).stdout.split()
        return [int(pid) for pid in found]

    def kill(self) -> None:
        """The host dies: every process in its namespace, at once, with no chance to clean up."""
        for pid in self.pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for process in self.processes:
            process.wait(HANG)


class Network:
    """A bridge and namespaces on it, each with one address of a private /24."""

    def __init__(self, logs: Path) -> None:
        self.tag = secrets.token_hex(2)
        self.subnet = f"10.{200 + secrets.randbelow(50)}.{secrets.randbelow(250)}"
        self.bridge = f"vlbr{self.tag}"
        self.logs = logs
        self.hosts: dict[str, Host] = {}
        ip("link", "add", self.bridge, "type", "bridge")
        ip("addr", "add", f"{self.subnet}.1/24", "dev", self.bridge)  # the test itself talks from here
        ip("link", "set", self.bridge, "up")

    def add_host(self, name: str, number: int) -> Host:
        namespace, outer, inner = f"vl{self.tag}{name}", f"vl{self.tag}{name}o", f"vl{self.tag}{name}i"
        ip("netns", "add", namespace)
        host = Host(name, namespace, f"{self.subnet}.{number}", outer)
        self.hosts[name] = host
        ip("link", "add", outer, "type", "veth", "peer", "name", inner)
        ip("link", "set", inner, "netns", namespace)
        ip("link", "set", outer, "master", self.bridge, "up")
        for command in (
            ["addr", "add", f"{host.address}/24", "dev", inner],
            ["link", "set", inner, "up"],
            ["link", "set", "lo", "up"],
        ):
            ip("netns", "exec", namespace, "ip", *command)
        return host

    def run(self, host: Host, role: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        log = open(self.logs / f"{host.name}-{role}.log", "wb")  # noqa: SIM115  (closed with the process)
        process = subprocess.Popen(
            ["ip", "netns", "exec", host.namespace, *argv],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
        log.close()
        host.processes.append(process)

    def tear_down(self) -> None:
        for host in self.hosts.values():
            host.kill()
            ip("netns", "del", host.namespace, check=False)
            ip("link", "del", host.link, check=False)  # gone with the namespace, unless the kernel is slow to drop it
        ip("link", "del", self.bridge, check=False)


def request(url: str, method: str = "GET", body: Any = None, timeout: float = 30) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data, headers, method=method), timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def answers(url: str) -> bool:
    try:
        return request(url + "/healthz", timeout=5)[0] == 200
    except OSError:
        return False


@dataclass
class Cluster:
    network: Network
    webs: dict[str, str]  # host name -> base URL
    redis_url: str

    def job(self, web: str, entity: int, method: str, params: dict[str, Any]) -> str:
        status, body = request(
            f"{self.webs[web]}/api/entities/{entity}/jobs", "POST", {"method": method, "params": params}
        )
        assert status == 202, body
        return str(body["job_id"])

    def job_state(self, web: str, job_id: str, wait: float = 0) -> dict[str, Any]:
        status, body = request(f"{self.webs[web]}/api/jobs/{job_id}?wait={wait}", timeout=wait + 30)
        assert status == 200, body
        return dict(body)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    why = namespaces_unavailable()
    if why is not None:
        pytest.skip(f"network namespaces cannot be made: {why}")
    logs = tmp_path / "logs"
    logs.mkdir()
    network = Network(logs)
    print(f"each host's output is in {logs}")  # shown when the test fails
    try:
        yield start_cluster(network, tmp_path)
    except BaseException:
        for log in sorted(logs.iterdir()):  # what each host said, for the failure report
            sys.stderr.write(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}\n")
        raise
    finally:
        network.tear_down()


def start_cluster(network: Network, root: Path) -> Cluster:
    redis_host, s3_host = network.add_host("redis", 2), network.add_host("s3", 3)
    webs = {name: network.add_host(name, number) for name, number in (("web1", 11), ("web2", 12))}
    workers = {name: network.add_host(name, number) for name, number in (("wk1", 21), ("wk2", 22), ("wk3", 23))}
    password = secrets.token_urlsafe(16)
    redis_dir = root / "redis"
    redis_dir.mkdir()
    network.run(
        redis_host,
        "redis",
        [find_server_binary(), "--bind", redis_host.address, "--port", "6379", "--requirepass", password]
        + ["--dir", str(redis_dir), "--appendonly", "yes", "--save", "", "--protected-mode", "no"],
    )
    moto = shutil.which("moto_server", path=str(Path(sys.executable).parent)) or "moto_server"
    network.run(s3_host, "s3", [moto, "-H", s3_host.address, "-p", "5000"])
    redis_url = f"redis://:{password}@{redis_host.address}:6379/0"
    endpoint = f"http://{s3_host.address}:5000"
    aws = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    wait_until(lambda: answers_http(endpoint), HANG, "the S3 server")
    status, _ = raw_request(f"{endpoint}/{BUCKET}", "PUT")
    assert status == 200
    env = {**aws, "VIKTORLITE_REDIS_URL": redis_url, "VIKTORLITE_BLOB_URL": f"s3://{BUCKET}/sim"}
    app = copy_app(APPS / "cluster", root)
    viktorlite = [sys.executable, "-P", "-m", "viktorlite"]
    for name, host in workers.items():
        argv = [*viktorlite, "worker", str(app), "--name", name, "--data-dir", str(root / name)]
        network.run(host, "worker", argv, env)
    urls = {}
    for name, host in webs.items():
        argv = [*viktorlite, "web", str(app), "--host", host.address, "--port", "8000", "--data-dir", str(root / name)]
        network.run(host, "web", [*argv, "--access-token", TOKEN], env)
        urls[name] = f"http://{host.address}:8000"
    for url in urls.values():
        wait_until(lambda url=url: answers(url), HANG, f"the web process at {url}")
    connection = connect(redis_url, socket_timeout=10)  # the test reaches every host through the bridge
    wait_until(lambda: len(Worker.all(connection=connection)) >= 3, HANG, "3 workers")
    connection.close()
    return Cluster(network, urls, redis_url)


def raw_request(url: str, method: str = "GET") -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def answers_http(url: str) -> bool:
    try:
        raw_request(url)
        return True
    except OSError:
        return False


def test_nothing_acknowledged_is_lost_when_a_worker_host_and_a_web_host_die(cluster: Cluster) -> None:
    saved: dict[tuple[int, int], dict[str, Any]] = {}  # (entity, revision) -> params, for every 2xx save
    saved_lock = threading.Lock()

    def save(web: str, entity: int, params: dict[str, Any]) -> None:
        status, body = request(f"{cluster.webs[web]}/api/entities/{entity}/params", "PUT", {"params": params})
        if status == 200:
            with saved_lock:
                saved[(entity, body["revision"])] = params

    # A workload through both web processes: entities, saves, jobs whose files go to S3.
    entities = []
    for number in range(6):
        web = ("web1", "web2")[number % 2]
        status, body = request(
            f"{cluster.webs[web]}/api/entities", "POST", {"entity_type": "Node", "name": f"n{number}"}
        )
        assert status == 201, body
        entities.append(int(body["id"]))
        for revision in range(3):
            save(web, entities[-1], {"text": f"n{number}-r{revision}", "seconds": 0})
    assert len(saved) == 18
    jobs = [
        cluster.job(("web2", "web1")[i % 2], entity, "keep", {"text": f"t{i}", "seconds": 0})
        for i, entity in enumerate(entities)
    ]
    for job_id in jobs:
        state = cluster.job_state("web1", job_id, wait=HANG)
        assert state["status"] == "finished", state
        assert [item["value"] for item in state["result"]["data"]] == [1000 * len(f"t{jobs.index(job_id)}"), True], (
            state
        )

    # A worker host dies while each worker runs a long job: its job is reported failed within 10 s.
    sleepers = [cluster.job("web2", entity, "sleepy", {"text": "", "seconds": 20}) for entity in entities[:3]]
    wait_until(
        lambda: all(cluster.job_state("web2", j)["status"] == "started" for j in sleepers), HANG, "3 started jobs"
    )
    on_wk1 = [j for j in sleepers if cluster.job_state("web2", j)["worker"] == "wk1"]
    assert len(on_wk1) == 1, [cluster.job_state("web2", j) for j in sleepers]
    killed_at = time.monotonic()
    cluster.network.hosts["wk1"].kill()
    wait_until(lambda: cluster.job_state("web2", on_wk1[0])["status"] == "failed", HANG, "the dead host's job to fail")
    reported_after = time.monotonic() - killed_at
    print(f"the dead worker host's job was reported failed {reported_after:.1f} s after the kill")
    assert reported_after <= REPORT_SECONDS, f"the dead worker host's job was reported after {reported_after:.1f} s"

    # A web host dies in the middle of saves: every save it acknowledged before dying is kept.
    stop = threading.Event()

    def keep_saving(entity: int) -> None:
        count = 0
        while not stop.is_set():
            try:
                save("web1", entity, {"text": f"during-{count}", "seconds": 0})
            except (OSError, http.client.HTTPException):
                return  # the host is gone: connection refused or reset, an answer cut off
            count += 1

    savers = [threading.Thread(target=keep_saving, args=(entity,)) for entity in entities[3:]]
    before = len(saved)
    for saver in savers:
        saver.start()
    wait_until(lambda: len(saved) >= before + 6, HANG, "saves through web1")
    cluster.network.hosts["web1"].kill()
    stop.set()
    for saver in savers:
        saver.join(HANG)
    for number, entity in enumerate(entities):
        save("web2", entity, {"text": f"after-{number}", "seconds": 0})

    for (entity, revision), params in sorted(saved.items()):
        status, body = request(f"{cluster.webs['web2']}/api/entities/{entity}/revisions/{revision}")
        assert status == 200, (entity, revision, body)
        assert body["params"] == params, (entity, revision)
    # The survivors still serve jobs: the files of a new job go to S3 and back.
    state = cluster.job_state(
        "web2", cluster.job("web2", entities[0], "keep", {"text": "end", "seconds": 0}), wait=HANG
    )
    assert state["status"] == "finished", state
