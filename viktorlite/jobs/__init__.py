"""A trigger becomes a job: queueing, superseding, reaping, and the running job's context."""
