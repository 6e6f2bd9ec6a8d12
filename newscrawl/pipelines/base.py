"""What every pipeline stage shares: the crawler's stats, settings and site profile."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from newscrawl.sites.base import SiteProfile


class Stage:
    """Base of the item pipelines: built from the crawler, reads the spider's profile."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def profile(self) -> SiteProfile:
        return self.crawler.spider.profile  # type: ignore[union-attr]
