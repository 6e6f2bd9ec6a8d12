"""Politeness measured where it matters: requests in flight at the server."""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.project import get_project_settings

from newscrawl.replica.server import ReplicaServer
from tests.crawl_runner import run_crawl

PER_SITE_LIMIT = 2


def test_default_settings_are_polite() -> None:
    settings = get_project_settings()
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == PER_SITE_LIMIT
    assert settings.get("USER_AGENT").startswith("newscrawl/")


def test_per_site_limit_holds_with_default_settings(tmp_path: Path) -> None:
    with ReplicaServer(delay=0.1) as slow_site:
        result = run_crawl(slow_site.base_url, tmp_path)
        assert result.returncode == 0, result.log[-2000:]
        assert len(result.items) > 20
        assert 1 <= slow_site.max_in_flight <= PER_SITE_LIMIT


def test_per_site_limit_holds_without_any_delay(tmp_path: Path) -> None:
    """DOWNLOAD_DELAY=0 would let Scrapy 2.19 burst past the limit; the add-on prevents it."""
    with ReplicaServer(delay=0.1) as slow_site:
        result = run_crawl(
            slow_site.base_url, tmp_path, "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"
        )
        assert result.returncode == 0, result.log[-2000:]
        assert 1 <= slow_site.max_in_flight <= PER_SITE_LIMIT


def test_without_the_guard_scrapy_bursts(tmp_path: Path) -> None:
    """Canary for the Scrapy behaviour the guard exists for; if this fails after a Scrapy
    upgrade, the upstream bug is fixed and PerDomainLimitGuard can go."""
    with ReplicaServer(delay=0.1) as slow_site:
        result = run_crawl(
            slow_site.base_url,
            tmp_path,
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "AUTOTHROTTLE_ENABLED=0",
            "-s",
            "ADDONS={}",
        )
        assert result.returncode == 0, result.log[-2000:]
        assert slow_site.max_in_flight > PER_SITE_LIMIT
