"""Every Redis key and channel viktorlite uses, in one place, namespaced per app."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Keys:
    app: str

    @property
    def prefix(self) -> str:
        return f"viktorlite:{self.app}"

    @property
    def queue(self) -> str:
        """Name of the RQ queue that carries this app's jobs."""
        return f"viktorlite.{self.app}"

    @property
    def manifest(self) -> str:
        return f"{self.prefix}:manifest"

    @property
    def manifest_channel(self) -> str:
        return f"{self.prefix}:manifest:events"

    @property
    def initial_entities_applied(self) -> str:
        return f"{self.prefix}:initial-entities-applied"

    @property
    def initial_entities_lock(self) -> str:
        """Held while one web process applies the initial entities, so several never create them twice."""
        return f"{self.prefix}:initial-entities-lock"

    @property
    def web_lease(self) -> str:
        """Names the web process that runs the once-per-cluster loops (viktorlite.web.cluster_lease)."""
        return f"{self.prefix}:web-lease"

    @property
    def entity_ids(self) -> str:
        return f"{self.prefix}:entities"

    @property
    def next_entity_id(self) -> str:
        return f"{self.prefix}:entity:next-id"

    def entity(self, entity_id: int) -> str:
        return f"{self.prefix}:entity:{entity_id}"

    def revisions(self, entity_id: int) -> str:
        return f"{self.prefix}:entity:{entity_id}:revisions"

    def revision_counter(self, entity_id: int) -> str:
        return f"{self.prefix}:entity:{entity_id}:revision-counter"

    def summary(self, entity_id: int) -> str:
        return f"{self.prefix}:entity:{entity_id}:summary"

    @property
    def entity_events(self) -> str:
        """Pub/sub channel announcing every entity change (viktorlite.store.entity_events)."""
        return f"{self.prefix}:entities:events"

    @property
    def sessions(self) -> str:
        """Sorted set of editor-session entity ids, scored by when they were last opened."""
        return f"{self.prefix}:sessions"

    def summary_requested(self, entity_id: int, revision: int) -> str:
        """Set while a summary job for this revision is queued, so only one is."""
        return f"{self.prefix}:entity:{entity_id}:summary-requested:{revision}"

    @property
    def dequeued_seen(self) -> str:
        """Hash: job id -> when it was first seen dequeued (RQ's intermediate list) but not started."""
        return f"{self.prefix}:dequeued-seen"

    def worker_alive(self, worker: str) -> str:
        """Exists while the worker refreshes it (every second; it expires 3 s after the last beat)."""
        return f"{self.prefix}:worker:{worker}:alive"

    def worker_info(self, worker: str) -> str:
        """The worker's pid and when it last beat, for the dashboard."""
        return f"{self.prefix}:worker:{worker}:info"

    def worker_disk(self, worker: str) -> str:
        """The worker's last private-disk listing (largest files, counts), made when one was asked for."""
        return f"{self.prefix}:worker:{worker}:disk"

    def worker_disk_asked(self, worker: str) -> str:
        """A count of asks for a fresh listing (``GET /api/workers/NAME/disk``); the worker lists its disk
        when it changes and writes the count it answered in the listing (workers/disk_report.py)."""
        return f"{self.prefix}:worker:{worker}:disk-asked"

    def worker_disk_wanted(self, worker: str) -> str:
        """Exists while someone looks at the worker's disk listing (the dashboard sets it)."""
        return f"{self.prefix}:worker:{worker}:disk-wanted"

    def job_outcome(self, job_id: str) -> str:
        return f"{self.prefix}:job:{job_id}:outcome"

    def job_stop(self, job_id: str) -> str:
        """Set when a stop of the job was asked; the worker will not start it, or ends it (jobs/stopping.py)."""
        return f"{self.prefix}:job:{job_id}:stop"

    def job_events(self, job_id: str) -> str:
        return f"{self.prefix}:job:{job_id}:events"

    def job_inputs(self, job_id: str) -> str:
        """What a job ran with, kept for ``viktorlite replay`` (viktorlite.jobs.inputs)."""
        return f"{self.prefix}:job:{job_id}:inputs"

    def job_log(self, entity_id: int) -> str:
        """List of an entity's finished jobs with their user messages, newest first (viktorlite.jobs.log)."""
        return f"{self.prefix}:entity:{entity_id}:job-log"

    def latest_view_job(self, entity_id: int, method: str) -> str:
        """Id of the newest job of one view of one entity; older ones are superseded (viktorlite.jobs.supersede)."""
        return f"{self.prefix}:entity:{entity_id}:view:{method}:latest-job"

    def slow_views(self, entity_id: int) -> str:
        """Hash of an entity's slow views: field = view method, value = its last result and params
        (viktorlite.store.slow_views)."""
        return f"{self.prefix}:entity:{entity_id}:slow-views"

    # -- file bytes (viktorlite.store.blobs) ------------------------------------------------------------

    def blob(self, blob_id: str) -> str:
        """Hash with a blob's metadata; written last, so a half-written blob is never visible."""
        return f"{self.prefix}:blob:{blob_id}"

    def blob_chunks(self, blob_id: str) -> str:
        """Hash of a blob's chunks: field = chunk index, value = its bytes."""
        return f"{self.prefix}:blob:{blob_id}:chunks"

    # -- Storage (viktorlite.store.storage) -------------------------------------------------------------

    def storage_zone(self, zone: str) -> str:
        """Hash of one Storage zone (e.g. ``entity:5``): field = Storage key, value = blob id."""
        return f"{self.prefix}:storage:{zone}"

    # -- memoize (viktorlite.store.memo_cache) ----------------------------------------------------------

    def memo_shared(self, digest: str) -> str:
        """A production memoize entry, shared by every worker."""
        return f"{self.prefix}:memo:shared:{digest}"

    def memo_local(self, worker: str, digest: str) -> str:
        """A development memoize entry, private to one worker (the platform keeps it in memory)."""
        return f"{self.prefix}:memo:local:{worker}:{digest}"

    def memo_local_order(self, worker: str) -> str:
        """List of one worker's development entries, oldest first (first in, first out)."""
        return f"{self.prefix}:memo:local:{worker}:order"

    # -- web sessions and logins (web/middleware/login_sessions.py, web/middleware/access.py) ---------------

    def web_session(self, session_id: str) -> str:
        """A logged-in browser session: the user's name, expiring with the session."""
        return f"{self.prefix}:web-session:{session_id}"

    def failed_logins(self, who: str) -> str:
        """Failed login attempts for one user name (or the access token), counted for a while."""
        return f"{self.prefix}:failed-logins:{who}"

    def failed_logins_from(self, address: str) -> str:
        """Failed logins and wrong bearer tokens from one client address, counted for a while."""
        return f"{self.prefix}:failed-logins-from:{address}"
