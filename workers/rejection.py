"""A job the worker refuses to run."""


class JobRejected(Exception):
    """The request names something the app does not have (a stale editor, a crafted call)."""
