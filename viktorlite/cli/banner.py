"""What ``serve`` says once everything is ready: where the editor is and what is running behind it.

Printed as a few readable lines in text mode, or logged as one JSON record (``event: "ready"``)
in JSON mode, so scripts can wait for it and read the URL.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import click

from viktorlite import __version__

log = logging.getLogger("viktorlite.serve")


def redact(url: str) -> str:
    """A Redis URL without its passwords (the user's, and a Sentinel URL's ``sentinel_password``),
    fit for a terminal or a log file; a Sentinel URL's several hosts are kept as they are."""
    parts = urlsplit(url)
    userinfo, at, hosts = parts.netloc.rpartition("@")
    if at and ":" in userinfo:
        userinfo = userinfo.partition(":")[0] + ":***"
    query = re.sub(r"((?:^|&)[^=&]*password=)[^&]*", r"\1***", parts.query)
    if (userinfo + at + hosts, query) == (parts.netloc, parts.query):
        return url
    return urlunsplit(parts._replace(netloc=userinfo + at + hosts, query=query))


@dataclass(frozen=True)
class Banner:
    url: str
    app: str
    app_dir: Path
    app_type: str
    mode: str
    workers: int
    redis_url: str
    #: How Redis runs: ``embedded`` (a child of serve) or ``external`` (--redis-url).
    redis_kind: str
    #: ``redis-server 7.2.4`` or just the version an external server reports; None when unknown.
    redis_server: str | None
    redis_binary: str | None
    data_dir: Path
    #: The interpreter of the app's workers, and whose environment it is.
    python: str = ""

    def lines(self, *, colour: bool) -> str:
        def bold(text: str) -> str:
            return click.style(text, bold=True) if colour else text

        redis = f"{redact(self.redis_url)} ({self.redis_kind})"
        if self.redis_server:
            redis += f" {self.redis_server}"
        if self.redis_binary:
            redis += f", {self.redis_binary}"
        return "\n".join(
            [
                f"viktorlite {__version__} serving {bold(self.app)} at {bold(self.url)}",
                f"  mode: {self.mode}, workers: {self.workers}",
                f"  app: {self.app_dir} ({self.app_type} app)",
                f"  redis: {redis}",
                f"  data: {self.data_dir}",
                *([f"  python: {self.python}"] if self.python else []),
                "  press Ctrl-C to stop",
            ]
        )

    def record(self) -> dict[str, object]:
        fields = {key: str(value) if isinstance(value, Path) else value for key, value in asdict(self).items()}
        fields["redis_url"] = redact(self.redis_url)
        return {"event": "ready", "version": __version__, **fields}

    def show(self, log_format: str, *, colour: bool) -> None:
        """Print the banner (text) or log it as one record (json)."""
        if log_format == "json":
            log.info("serving %s at %s; press Ctrl-C to stop", self.app, self.url, extra={"fields": self.record()})
        else:
            click.echo(self.lines(colour=colour))
