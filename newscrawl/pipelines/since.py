"""Stage 1b: ``-a since=YYYY-MM-DD`` also decides what is written, not only how far
discovery pages.

Discovery stops paging listings at older articles and skips older sitemap and feed
entries, but a listing page, the home page or a sitemap entry without ``<lastmod>``
still brings in older articles. An article published before ``NEWSCRAWL_SINCE`` (its
date in the site's own time zone, as ``published`` carries it) is not written: it is
dropped here, before the costlier stages, and counted as ``newscrawl/dropped/before_since``.
An article whose date could not be read is left to validation (``missing_published``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from newscrawl.items import Article
from newscrawl.pipelines.base import Stage

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class SincePipeline(Stage):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        since = crawler.settings.get("NEWSCRAWL_SINCE")
        self.since: date | None = date.fromisoformat(since) if since else None

    def process_item(self, item: Article) -> Article:
        if self.since is None or not item.published:
            return item
        if date.fromisoformat(item.published[:10]) < self.since:
            self.stats.inc_value("newscrawl/dropped/before_since")
            # counted; at DEBUG, as Scrapy would otherwise log every such article in full
            raise DropItem(
                f"before_since: {item.url} published {item.published}", log_level="DEBUG"
            )
        return item
