"""The baseline job: a plain RQ job that does nothing."""


def noop() -> None:
    return None
