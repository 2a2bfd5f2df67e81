"""The baseline job: a plain RQ job that does nothing."""


def noop() -> None:
    return None


def sleep(seconds: float) -> None:
    import time

    time.sleep(seconds)
