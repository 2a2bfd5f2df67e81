"""Redis reached in the forms of store/connection.py, made by the tests: TLS, ACL users, Sentinel.

Certificates are made here with ``cryptography`` (a throwaway CA and a server certificate for
localhost); Sentinel is the embedded ``redis-server`` started with ``--sentinel``.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import redis
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from support import HANG, free_port, wait_until
from viktorlite.cli.embedded_redis import find_server_binary
from viktorlite.processes import ManagedProcess


@dataclass(frozen=True)
class Certificates:
    ca: Path
    cert: Path
    key: Path


def make_certificates(folder: Path) -> Certificates:
    """A self-signed CA and a certificate it signed for ``localhost`` and ``127.0.0.1``."""
    now = datetime.datetime.now(datetime.UTC)

    def build(
        subject: str, key: ec.EllipticCurvePrivateKey, issuer: x509.Name, signer: ec.EllipticCurvePrivateKey, ca: bool
    ) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if not ca:
            names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        return builder.sign(signer, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "viktorlite test CA")])
    ca_cert = build("viktorlite test CA", ca_key, ca_name, ca_key, True)
    cert = build("localhost", key, ca_name, ca_key, False)
    found = Certificates(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    found.ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    found.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    found.key.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return found


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


class ServerProcess:
    """A server the test started, its output in a file."""

    def __init__(self, argv: list[str], output: Path) -> None:
        self.output = output
        with open(output, "wb") as out:
            self.process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)

    def alive(self) -> bool:
        return self.process.poll() is None

    def last_words(self) -> str:
        lines = self.output.read_text(errors="replace").strip().splitlines()
        return lines[-1] if lines else f"exit code {self.process.returncode}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(HANG)


def start_native_tls(folder: Path, certificates: Certificates, password: str) -> tuple[ServerProcess | None, str]:
    """The embedded ``redis-server`` with a TLS port (and no plain one); ``(None, why)`` when the
    binary was built without TLS (it exits at once, saying so)."""
    binary, port = find_server_binary(), free_port()
    argv = [binary, "--port", "0", "--tls-port", str(port), "--bind", "127.0.0.1", "--requirepass", password]
    argv += ["--tls-cert-file", str(certificates.cert), "--tls-key-file", str(certificates.key)]
    argv += ["--tls-ca-cert-file", str(certificates.ca), "--tls-auth-clients", "no", "--save", "", "--dir", str(folder)]
    server = ServerProcess(argv, folder / "redis-tls.log")
    wait_until(lambda: listening(port) or not server.alive(), HANG, "the TLS Redis to listen or exit")
    if not server.alive():
        return None, f"{binary} has no TLS in this build: {server.last_words()}"
    return server, f"rediss://:{password}@localhost:{port}/0?ssl_ca_certs={certificates.ca}"


class TlsFront:
    """A TLS listener that hands each connection's bytes to a plain Redis: the server end of
    ``rediss://`` for a ``redis-server`` built without TLS (the client side is what is tested)."""

    def __init__(self, certificates: Certificates, backend_port: int) -> None:
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(certificates.cert, certificates.key)
        self.backend_port = backend_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            secure = self.context.wrap_socket(client, server_side=True)
        except (OSError, ssl.SSLError):
            client.close()
            return
        backend = socket.create_connection(("127.0.0.1", self.backend_port))
        threading.Thread(target=self._pump, args=(backend, secure), daemon=True).start()
        self._pump(secure, backend)

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.listener.close()


def start_sentinel(
    folder: Path, master_port: int, password: str, service: str = "mymaster"
) -> tuple[ManagedProcess | None, int]:
    """The embedded ``redis-server --sentinel`` watching the master at ``master_port``; ``(None, 0)``
    when the binary has no Sentinel mode."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "sentinel.conf"  # Sentinel rewrites its config file: it must be its own
    config.write_text(
        f"port {port}\nbind 127.0.0.1\ndir {folder}\n"
        f"sentinel monitor {service} 127.0.0.1 {master_port} 1\n"
        f"sentinel auth-pass {service} {password}\n"
        f"sentinel down-after-milliseconds {service} 60000\n"
    )
    process = ManagedProcess("sentinel", [find_server_binary(), str(config), "--sentinel"], cwd=folder)
    process.start()
    wait_until(lambda: listening(port) or not process.alive(), HANG, "Sentinel to listen")
    if not process.alive():
        return None, 0
    client = redis.Redis(port=port)
    knows = lambda: client.sentinel_get_master_addr_by_name(service) is not None  # noqa: E731
    wait_until(knows, HANG, "Sentinel to know the master")
    client.close()
    return process, port
