"""The users file: one ``name:scrypt$n$r$p$salt$hash`` line per user, passwords never stored in clear.

Written by ``viktorlite users add FILE NAME`` and read by the web process, which re-reads it when
it changes, so adding a user needs no restart. scrypt is deliberately slow and memory-hard, so a
stolen file is expensive to guess from.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from pathlib import Path

from viktorlite.private_files import write_private_text

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}$")
MIN_PASSWORD = 8


class UsersFileError(ValueError):
    """The users file (or a name or password for it) is not usable; the message says why."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a hash from :func:`hash_password` (constant-time compare)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise UsersFileError(
            f"user name {name!r}: use 1-64 letters, digits and _ . @ + - (starting with a letter or digit)"
        )
    return name


def read_users(path: Path) -> dict[str, str]:
    """Name -> password hash; blank lines and ``#`` comments are skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsersFileError(f"cannot read the users file {path}: {exc.strerror or exc}") from None
    users: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, stored = line.partition(":")
        if not sep or not NAME.match(name) or not stored.startswith("scrypt$"):
            raise UsersFileError(
                f"{path} line {number}: expected 'name:scrypt$...' (write it with `viktorlite users add`)"
            )
        users[name] = stored
    return users


def add_user(path: Path, name: str, password: str) -> bool:
    """Add or replace ``name``'s password; True when the user was new. The file is kept private (0600)."""
    check_name(name)
    if len(password) < MIN_PASSWORD:
        raise UsersFileError(f"the password must have at least {MIN_PASSWORD} characters")
    users = read_users(path) if path.exists() else {}
    new = name not in users
    users[name] = hash_password(password)
    text = "".join(f"{user}:{stored}\n" for user, stored in users.items())
    write_private_text(path, text)
    return new
