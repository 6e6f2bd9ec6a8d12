"""Stage 6 (incremental crawls only): emit what is new or changed, with its revision.

Runs last, on the final fingerprint. An article whose fingerprint equals the
committed state's is not emitted (counted ``newscrawl/state/unchanged``); a changed
one is emitted with ``revision`` one higher; a new one with revision 1. Records are
only *staged* here: they become state when the feed file is final (see
``newscrawl.state.store``), so a crashed run's articles are emitted again next time.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem

from newscrawl.items import Article
from newscrawl.pipelines.base import Stage
from newscrawl.state.store import ArticleRecord, StateStore, utc_now


class IncrementalStatePipeline(Stage):
    def process_item(self, item: Article) -> Article:
        state: StateStore | None = getattr(self.crawler.spider, "incremental_state", None)
        if state is None:
            return item
        fetch = item.fetch
        # asked now, not at fetch time: the sitemap may have been read after the page
        lastmod = self.crawler.spider.ledger.lastmod(item.article_id)  # type: ignore[union-attr]
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
