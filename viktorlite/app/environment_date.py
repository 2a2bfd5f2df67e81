"""As of which date ``viktorlite install`` resolves an app's requirements, and why.

An app that pins ``viktor==14.0.0`` and leaves numpy or pandas unpinned was written against the
libraries of that SDK's day; resolved today it gets numpy 2 or pandas 2 and breaks (``np.NaN``,
``Int64Index``). On the platform such an app keeps the libraries it was built with, so install
resolves its unpinned requirements as of the release of the SDK version it pins:

- ``viktor==X`` (or any range): the newest release the requirement admits, and that release's
  upload time on the package index (its first file). ``viktor>=13,<14`` means 13.8.0's date.
- A requirement that admits the newest SDK release (``viktor``, ``viktor>=14``, ``==`` the newest),
  or no ``viktor`` line at all: today's releases, as a fresh install of such an app gets.
- ``--as-of DATE`` (a day, meaning its end in UTC, or an ISO datetime) and ``--latest`` override it.

The SDK's release dates come from the index's JSON API (PEP 691, upload times of PEP 700) and are
kept in ``~/.cache/viktorlite/sdk-releases.json``: a release's date never changes, so an exact pin
the cache knows, with a newer release, needs no lookup; which release is newest is looked up again
after a day. An index that cannot be reached or gives no dates leaves today's releases, with a
warning, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from viktorlite.app.environment_dated import day
from viktorlite.app.requirements_file import sdk_requirement

if TYPE_CHECKING:  # packaging is imported where used: only install runs it, in viktorlite's own environment
    from packaging.version import Version

#: The project whose pin dates an app (the SDK; ``import viktor`` is viktorlite's own).
SDK = "viktor"
#: How long the list of releases is trusted for "which is newest" (dates of known releases: always).
FRESH_SECONDS = 24 * 3600
LOOKUP_TIMEOUT = 15.0
_FILE_VERSION = re.compile(r"^viktor-(?P<version>[^-]+?)(-|\.tar\.gz$|\.zip$)", re.IGNORECASE)


class RegistryError(Exception):
    """The package index could not tell the SDK's release dates; the message says why."""


@dataclass(frozen=True)
class ResolveDate:
    """The date (None: today's releases) and the one line that says which and why."""

    when: datetime | None
    reason: str
    #: Set when the date the app asks for could not be used (today's releases instead).
    warning: str | None = None

    def line(self) -> str:
        if self.when is None:
            return f"resolving with today's releases ({self.reason})"
        return f"resolving as of {day(self.when)} ({self.reason}); --latest for today's"


def parse_as_of(text: str) -> datetime:
    """``2023-03-01`` (the end of that day, UTC) or an ISO datetime (UTC unless it says otherwise)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            return datetime.fromisoformat(text.strip()).replace(tzinfo=UTC) + timedelta(days=1)
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is not a date (2023-03-01) or an ISO datetime (2023-03-01T12:00:00Z)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "viktorlite" / "sdk-releases.json"


def _read_cache(index_url: str) -> tuple[dict[str, str], float]:
    try:
        data = json.loads(_cache_file().read_text(encoding="utf-8"))
        entry = data[index_url]
        return dict(entry["releases"]), float(entry["fetched"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}, 0.0


def _write_cache(index_url: str, releases: dict[str, str]) -> None:
    path = _cache_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        data = {}
    data[index_url] = {"fetched": time.time(), "releases": releases}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass  # a cache that cannot be written only costs a lookup next time


def fetch_releases(index_url: str) -> dict[str, str]:
    """Each SDK release on the index with its upload time (its earliest file's), from the JSON API."""
    url = f"{index_url.rstrip('/')}/{SDK}/"
    request = urllib.request.Request(url, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    try:
        with urllib.request.urlopen(request, timeout=LOOKUP_TIMEOUT) as response:  # noqa: S310 (an index URL)
            kind = response.headers.get("Content-Type", "")
            body = response.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise RegistryError(f"{url} cannot be reached ({getattr(exc, 'reason', exc)})") from None
    if "json" not in kind:
        raise RegistryError(f"{url} gives no JSON (PEP 691), so no upload times")
    try:
        files = json.loads(body)["files"]
    except (ValueError, KeyError, TypeError):
        raise RegistryError(f"{url} gave an answer that is not the JSON simple API") from None
    releases: dict[str, str] = {}
    for file in files:
        match = _FILE_VERSION.match(str(file.get("filename", "")))
        uploaded = file.get("upload-time")
        if not match or not uploaded or file.get("yanked"):
            continue
        version = match.group("version")
        if version not in releases or uploaded < releases[version]:
            releases[version] = uploaded
    if not releases:
        raise RegistryError(f"{url} lists no {SDK} release with an upload time")
    return releases


def sdk_releases(index_url: str, *, wanted: str | None = None) -> dict[str, str]:
    """The SDK's releases and their dates, from the cache when it can answer, else from the index.

    The answer must know the newest release (see :func:`choose_date`): a cache younger than a day
    does, and so does one that knows ``wanted`` (an exact pin) and a newer release, since a
    release's date never changes. An unreachable index leaves a cache that knows ``wanted``.
    """
    cached, fetched = _read_cache(index_url)
    if cached and (time.time() - fetched < FRESH_SECONDS or _known_and_old(cached, wanted)):
        return cached
    try:
        releases = fetch_releases(index_url)
    except RegistryError:
        if cached and wanted in cached:
            return cached
        raise
    _write_cache(index_url, releases)
    return releases


def _versions(releases: dict[str, str]) -> dict[Version, str]:
    from packaging.version import InvalidVersion, Version

    found = {}
    for text in releases:
        try:
            found[Version(text)] = text
        except InvalidVersion:
            continue
    return found


def _known_and_old(releases: dict[str, str], wanted: str | None) -> bool:
    """``wanted`` is among ``releases`` and a newer stable release is too."""
    if wanted is None or wanted not in releases:
        return False
    from packaging.version import InvalidVersion, Version

    newest = max((v for v in _versions(releases) if not v.is_prerelease), default=None)
    try:
        return newest is not None and newest > Version(wanted)
    except InvalidVersion:
        return False


def _undated(problem: str) -> ResolveDate:
    return ResolveDate(
        None, "the app's SDK release date is unknown", warning=f"{problem}: resolving with today's releases"
    )


def _exact(spec: str) -> str | None:
    match = re.fullmatch(r"===?([^,*]+)", spec)
    return match.group(1) if match else None


def choose_date(app_dir: Path, *, as_of: datetime | None = None, latest: bool = False, index_url: str) -> ResolveDate:
    """The date the app's requirements resolve as of, following the rules of this module."""
    if latest:
        return ResolveDate(None, "--latest")
    if as_of is not None:
        return ResolveDate(as_of, "--as-of")
    spec = sdk_requirement(app_dir)
    if spec is None:
        return ResolveDate(None, "requirements.txt pins no viktor version")
    if not spec:
        return ResolveDate(None, "requirements.txt asks for viktor without a version")
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        specifier = SpecifierSet(spec)
    except InvalidSpecifier:
        return _undated(f"viktor{spec} in requirements.txt is not a version range pip reads")
    try:
        releases = sdk_releases(index_url, wanted=_exact(spec))
    except RegistryError as exc:
        return _undated(f"cannot find the release date of viktor{spec}: {exc}")
    versions = _versions(releases)
    stable = [version for version in versions if not version.is_prerelease]
    admitted = sorted(specifier.filter(versions, prereleases=bool(specifier.prereleases)))
    if not admitted:
        return _undated(f"viktor{spec} in requirements.txt admits no release of viktor on {index_url}")
    chosen = admitted[-1]
    if stable and chosen >= max(stable):
        return ResolveDate(None, f"viktor{spec} in requirements.txt admits the newest SDK release, {chosen}")
    uploaded = datetime.fromisoformat(releases[versions[chosen]].replace("Z", "+00:00"))
    if _exact(spec) is not None:
        why = f"release of viktor {chosen}, pinned in requirements.txt"
    else:
        why = f"release of viktor {chosen}, the newest that viktor{spec} in requirements.txt admits"
    return ResolveDate(uploaded, why)
