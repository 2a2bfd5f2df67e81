"""Hot reload in dev mode: when a file of the app changes, restart its workers.

Any file counts, not only ``.py``: an app reads its data files through ``Path(__file__)``. The
restarted workers copy the app to fresh private disks and publish its manifest; the web process
tells open editors, which re-render without a page reload (see docs/dev-mode.md). Editors write
a file in bursts; changes that follow each other within :data:`SETTLE_MS` are one reload.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import watchfiles

from viktorlite.app.app_files import NOT_APP_FILES, in_not_app_folder, is_not_app_file

log = logging.getLogger(__name__)

#: A burst of writes ends when nothing changed for this long (ms)...
SETTLE_MS = 50
#: ...or, for a file that keeps changing, after this long (ms).
MAX_BURST_MS = 1000
#: Swap, backup and probe files of editors (vim writes and deletes ``4913``; emacs ``#name#``).
EDITOR_FILES = (*watchfiles.DefaultFilter.ignore_entity_patterns, r"^4913$", r"^#.*#$", r"\.(bak|tmp)$")


class AppFilesFilter(watchfiles.DefaultFilter):
    """The app's own files: not viktorlite's data (``.viktorlite``, with the app's environment),
    caches, version control, virtual environments under any name (the rule of
    :mod:`viktorlite.app.app_files`, as for copies and the code version) or editor scratch files."""

    ignore_dirs = (*watchfiles.DefaultFilter.ignore_dirs, *sorted(NOT_APP_FILES))
    ignore_entity_patterns = EDITOR_FILES

    def __init__(self, app_dir: Path | None = None, *, ignore_paths: Sequence[str] = ()) -> None:
        super().__init__(ignore_paths=ignore_paths)
        #: Environments are found below it (a folder holding ``pyvenv.cfg``, under any name).
        self.app_dir = app_dir

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if not super().__call__(change, path) or is_not_app_file(Path(path)):
            return False
        return self.app_dir is None or not in_not_app_folder(Path(path), self.app_dir)


class Reloader:
    """Watches ``app_dir`` in a thread and calls ``restart()`` after each burst of changes."""

    def __init__(self, app_dir: Path, restart: Callable[[], None], *, ignore: Sequence[Path] = ()) -> None:
        self.app_dir = app_dir
        self._restart = restart
        self._filter = AppFilesFilter(app_dir, ignore_paths=[str(path) for path in ignore])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="reloader", daemon=True)

    def start(self) -> Reloader:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _watch(self) -> None:
        try:
            self._restart_on_changes()
        except Exception:  # e.g. the system's limit of watched folders: serving goes on without it
            log.exception("hot reload is off: cannot watch %s", self.app_dir)

    def _restart_on_changes(self) -> None:
        for changes in watchfiles.watch(
            self.app_dir,
            watch_filter=self._filter,
            debounce=MAX_BURST_MS,
            step=SETTLE_MS,
            stop_event=self._stop,
            raise_interrupt=False,
        ):
            names = sorted({self._relative(path) for _, path in changes})
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            log.info("%s changed: restarting the workers", shown)
            try:
                self._restart()
            except Exception:  # the next change tries again; serve keeps running
                log.exception("the hot reload failed")

    def _relative(self, path: str) -> str:
        try:
            return Path(path).relative_to(self.app_dir).as_posix()
        except ValueError:
            return path
