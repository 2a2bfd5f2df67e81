"""``--blob-url``: where Storage, File, upload and result bytes go (docs/blob-store.md).

The option sets ``$VIKTORLITE_BLOB_URL`` in the process that parsed it, so every web process and
worker started from it reads the same store, as they read the Redis URL from the environment.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click

from viktorlite.store.blob_objects import BLOB_URL_ENV, REDIS_BLOBS, check_blob_url


def _set_blob_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    url = value or REDIS_BLOBS
    try:
        check_blob_url(url)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None
    os.environ[BLOB_URL_ENV] = url
    return url


BLOB_URL: Callable[[Any], Any] = click.option(
    "--blob-url",
    envvar=BLOB_URL_ENV,
    default=REDIS_BLOBS,
    show_default=True,
    expose_value=False,
    callback=_set_blob_url,
    help="Where file bytes go: 'redis', 's3://bucket/prefix' (endpoint and keys from AWS_*) or 'file:///shared/dir'.",
)
