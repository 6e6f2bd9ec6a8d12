"""Stage 6 (incremental crawls only): emit what is new or changed, with its revision.

Runs last, on the final fingerprint. An article whose fingerprint equals the
committed state's is not emitted (counted ``newscrawl/state/unchanged``); a changed
one is emitted with ``revision`` one higher; a new one with revision 1. Records are
only *staged* here: they become state when the feed file is final (see
``newscrawl.state.store``), so a crashed run's articles are emitted again next time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from newscrawl.items import Article
from newscrawl.pipelines.base import Stage
from newscrawl.state.component import IncrementalState
from newscrawl.state.store import ArticleRecord, utc_now

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class IncrementalStatePipeline(Stage):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.component = IncrementalState.of(crawler)

    def process_item(self, item: Article) -> Article:
        if self.component is None or self.component.store is None:
            return item
        state = self.component.store
        fetch = item.fetch
        # asked now, not at fetch time: the sitemap may have been read after the page
        lastmod = self.component.lastmod(item.article_id)
        known = state.get(item.article_id)
        if known is not None and known.fingerprint == item.fingerprint:
            state.touch(item.article_id, utc_now(), fetch.get("etag"), fetch.get("last_modified"))
            self.stats.inc_value("newscrawl/state/unchanged")
            raise DropItem(f"unchanged since revision {known.revision}: {item.url}", "DEBUG")
        item.revision = 1 if known is None else known.revision + 1
        self.stats.inc_value("newscrawl/state/new" if known is None else "newscrawl/state/revised")
        state.stage(
            ArticleRecord(
                article_id=item.article_id,
                url=item.url,
                fingerprint=item.fingerprint,
                revision=item.revision,
                published=item.published,
                lastmod=lastmod,
                etag=fetch.get("etag"),
                last_modified=fetch.get("last_modified"),
                fetched_at=utc_now(),
            )
        )
        return item
