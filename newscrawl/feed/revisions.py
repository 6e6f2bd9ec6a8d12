"""Content fingerprints and revisions: what an incremental run emits.

An article whose fingerprint equals the committed state's is not emitted (counted
``newscrawl/state/unchanged``); a changed one is emitted with ``revision`` one higher;
a new one with revision 1. Records are only *staged*: they become state when their
feed file is final (``newscrawl.state.store``), so a crashed run's articles are
emitted again next time. Without incremental state every article is emitted, with
``revision`` None.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from newscrawl.items import Article
from newscrawl.state.store import ArticleRecord, utc_now

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

    from newscrawl.state.component import IncrementalState


def content_fingerprint(title: str, body: list[str]) -> str:
    """SHA-256 of the title and paragraphs, newline-separated, UTF-8: equal content
    gives an equal fingerprint across runs and machines."""
    digest = hashlib.sha256(title.encode())
    for paragraph in body:
        digest.update(b"\n")
        digest.update(paragraph.encode())
    return digest.hexdigest()


class Revisions:
    def __init__(self, component: IncrementalState | None, stats: StatsCollector) -> None:
        self.component = component
        self.stats = stats

    def emit(self, item: Article) -> bool:
        """Whether ``item`` (fingerprinted) is emitted; sets its revision and stages it."""
        state = self.component.store if self.component is not None else None
        if state is None or self.component is None:
            return True
        fetch = item.fetch
        known = state.get(item.article_id)
        if known is not None and known.fingerprint == item.fingerprint:
            state.touch(item.article_id, utc_now(), fetch.get("etag"), fetch.get("last_modified"))
            self.stats.inc_value("newscrawl/state/unchanged")
            return False
        item.revision = 1 if known is None else known.revision + 1
        self.stats.inc_value("newscrawl/state/new" if known is None else "newscrawl/state/revised")
        state.stage(
            ArticleRecord(
                article_id=item.article_id,
                url=item.url,
                fingerprint=item.fingerprint,
                revision=item.revision,
                published=item.published,
                # the sitemap may have been read after the page: asked at delivery
                lastmod=self.component.lastmod(item.article_id),
                etag=fetch.get("etag"),
                last_modified=fetch.get("last_modified"),
                fetched_at=utc_now(),
            )
        )
        return True
