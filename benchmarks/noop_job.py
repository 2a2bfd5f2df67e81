"""The baseline job: a plain RQ job that does nothing."""


def noop() -> None:
    return None


def sleep(seconds: float) -> None:
    import time

    time.sleep(seconds)


def count_rows(params: dict) -> int:
    """The baseline of a job with large params: RQ decodes them; the job only counts the rows."""
    return len(params["table"])
