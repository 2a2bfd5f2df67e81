"""cli/banner.py's redact and cli/param_types.py's REDIS_URL for the Redis URL forms of several machines."""

from __future__ import annotations

import click
import pytest

from viktorlite.cli.banner import redact
from viktorlite.cli.param_types import REDIS_URL


def test_a_sentinel_url_keeps_its_hosts_and_loses_both_passwords() -> None:
    url = "redis+sentinel://app:s3cret@s1:26379,s2:26379/mymaster/0?sentinel_password=other&socket_timeout=2"
    assert redact(url) == "redis+sentinel://app:***@s1:26379,s2:26379/mymaster/0?sentinel_password=***&socket_timeout=2"


@pytest.mark.parametrize(
    "url",
    ["redis+sentinel://s1:26379/mymaster/0", "rediss+sentinel://s1,s2/mymaster", "rediss://:pw@host:6380/0"],
)
def test_the_redis_url_option_takes_every_form(url: str) -> None:
    assert REDIS_URL.convert(url, None, None) == url


def test_the_redis_url_option_still_refuses_other_schemes() -> None:
    with pytest.raises(click.BadParameter, match="redis\\+sentinel://HOST:PORT/SERVICE"):
        REDIS_URL.convert("http://s1:26379/mymaster", None, None)
