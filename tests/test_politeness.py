"""Politeness measured where it matters: requests in flight at the server."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.replica.content import DEFAULT_SITE
from newscrawl.replica.server import ReplicaServer
from tests.crawl_runner import run_crawl

PER_SITE_LIMIT = 2
NO_DELAY = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0")


def test_per_site_limit_holds_with_default_settings(tmp_path: Path) -> None:
    with ReplicaServer(delay=0.1) as slow_site:
        result = run_crawl(slow_site.base_url, tmp_path)
        assert result.returncode == 0, result.log[-2000:]
        assert len(result.items) == len(DEFAULT_SITE.articles) == 29
        assert 1 <= slow_site.max_in_flight <= PER_SITE_LIMIT


def test_per_site_limit_holds_without_any_delay(tmp_path: Path) -> None:
    """DOWNLOAD_DELAY=0 would let Scrapy 2.19 burst past the limit; the add-on prevents it."""
    with ReplicaServer(delay=0.1) as slow_site:
        result = run_crawl(slow_site.base_url, tmp_path, *NO_DELAY)
        assert result.returncode == 0, result.log[-2000:]
        assert len(result.items) == 29
        assert 1 <= slow_site.max_in_flight <= PER_SITE_LIMIT


@pytest.mark.xfail(
    strict=False,
    reason="Scrapy 2.19 with the asyncio reactor starts a slot's whole queue at once when "
    "DOWNLOAD_DELAY is 0 (measured: 8 in flight with a limit of 2); PerDomainLimitGuard "
    "exists for this. An XPASS after a Scrapy upgrade means the guard can go.",
)
def test_scrapy_alone_holds_the_limit_without_delay(tmp_path: Path) -> None:
    """Scrapy's own behaviour, without the guard: expected to fail while the upstream bug
    lasts, reported (not failed) the day it is fixed."""
    with ReplicaServer(delay=0.1) as slow_site:
        result = run_crawl(slow_site.base_url, tmp_path, *NO_DELAY, "-s", "ADDONS={}")
        assert result.returncode == 0, result.log[-2000:]
        assert slow_site.max_in_flight <= PER_SITE_LIMIT
