"""Stage 4: validation. An article the feed cannot carry is dropped, loudly.

Every drop raises ``DropItem`` (Scrapy logs it with the item's URL) and counts
``newscrawl/dropped/<reason>``; nothing leaves the pipeline silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from newscrawl.items import Article
from newscrawl.pipelines.base import Stage

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

REQUIRED = ("url", "title", "body", "published")


class ValidatePipeline(Stage):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        # One line per article per run: URL variants that slipped past the request
        # fingerprinter (e.g. after a redirect) end here. Grows by one id per article.
        self._emitted: set[str] = set()

    def _drop(self, item: Article, reason: str) -> DropItem:
        self.stats.inc_value(f"newscrawl/dropped/{reason}")
        return DropItem(f"{reason}: {item.url or '<no url>'}")

    def process_item(self, item: Article) -> Article:
        for name in REQUIRED:
            if not getattr(item, name):
                raise self._drop(item, f"missing_{name}")
        key = item.article_id or item.url
        if key in self._emitted:
            raise self._drop(item, "duplicate_article")
        self._emitted.add(key)
        return item
