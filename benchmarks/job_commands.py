"""The Redis commands one job costs, seen with MONITOR and sorted into viktorlite's own and RQ's.

Why: issue 18 item 1 counts round trips per job; MONITOR sees every command of every client (the
web process, the worker, its work horse), so the count is what the job path really sends.
RQ's own commands name ``rq:`` keys or channels; periodic worker bookkeeping (heartbeats, disk
reports, the web's lease) is left out since no job causes it.
"""

from __future__ import annotations

import shlex
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import redis

STOP = "job-commands-stop"
#: Keys of periodic worker and web bookkeeping (the web's cluster lease and stuck-dequeue look), not
#: caused by a job.
PERIODIC = (":worker:", ":workers:", ":disk", ":alive", ":web-lease", ":dequeued-seen")


@dataclass
class Seen:
    commands: list[list[str]] = field(default_factory=list)

    def ours(self) -> list[list[str]]:
        """Commands on viktorlite's keys (what the job path adds to RQ's own)."""
        found = []
        for words in self.commands:
            if len(words) < 2 or words[0].upper() in ("MONITOR", "ECHO", "PING", "CLIENT", "INFO", "SELECT"):
                continue
            joined = " ".join(words[1:3])
            if "viktorlite:" not in joined or any(part in joined for part in PERIODIC):
                continue
            found.append(words)
        return found

    def rq(self) -> list[list[str]]:
        return [w for w in self.commands if len(w) > 1 and any(word.startswith("rq:") for word in w[1:3])]

    def summary(self) -> Counter[str]:
        return Counter(f"{w[0].upper()} {w[1].split(':', 2)[-1].split(':')[0]}" for w in self.ours())


def _words(command: str) -> list[str]:
    try:
        return shlex.split(command)
    except ValueError:
        return command.split()


@contextmanager
def monitored(url: str) -> Iterator[Seen]:
    """Every command sent to the server while the block runs."""
    seen = Seen()
    watcher = redis.Redis.from_url(url)
    started = threading.Event()

    def listen() -> None:
        with watcher.monitor() as monitor:
            started.set()
            for item in monitor.listen():
                command = str(item.get("command", ""))
                if STOP in command:
                    return
                seen.commands.append(_words(command))

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    started.wait(10)
    redis.Redis.from_url(url).echo("job-commands-start")  # MONITOR is live once it sees a command
    try:
        yield seen
    finally:
        redis.Redis.from_url(url).echo(STOP)
        thread.join(10)
        watcher.close()


def count(url: str, job: Callable[[], object]) -> Seen:
    with monitored(url) as seen:
        job()
    return seen
