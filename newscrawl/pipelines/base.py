"""What every pipeline stage shares: the crawler's stats, settings and site profile,
and one way to remove a paragraph: counted by reason, and explained on request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Self

from newscrawl.items import Article
from newscrawl.sites import profile_from_settings

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from newscrawl.sites.base import SiteProfile


@dataclass(frozen=True)
class Dropped:
    """A paragraph removed from a body, why, and the text it repeats (if any)."""

    text: str
    reason: str
    duplicate_of: str | None = None


class Stage:
    """Base of the item pipelines: built from the crawler, with the crawl's site profile
    (``NEWSCRAWL_SITE``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats
        #: NEWSCRAWL_EXPLAIN: each item carries the list of its dropped paragraphs
        self.explain = crawler.settings.getbool("NEWSCRAWL_EXPLAIN")
        self.profile: SiteProfile = profile_from_settings(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def drop_paragraph(self, item: Article, drop: Dropped) -> None:
        """Account for one paragraph removed from ``item.body``: stats, and the audit list."""
        self.stats.inc_value(f"newscrawl/paragraphs/dropped/{drop.reason}")
        if self.explain:
            item.dropped.append(
                {"text": drop.text, "reason": drop.reason, "duplicate_of": drop.duplicate_of}
            )
