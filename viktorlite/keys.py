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

    def job_outcome(self, job_id: str) -> str:
        return f"{self.prefix}:job:{job_id}:outcome"

    def job_events(self, job_id: str) -> str:
        return f"{self.prefix}:job:{job_id}:events"

    def job_log(self, entity_id: int) -> str:
        """List of an entity's finished jobs with their user messages, newest first (viktorlite.job_log)."""
        return f"{self.prefix}:entity:{entity_id}:job-log"

    def latest_view_job(self, entity_id: int, method: str) -> str:
        """Id of the newest job of one view of one entity; older ones are superseded (viktorlite.view_jobs)."""
        return f"{self.prefix}:entity:{entity_id}:view:{method}:latest-job"
