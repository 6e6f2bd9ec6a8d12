"""The crawl's incremental state, owned by one extension for the whole run.

Built by Scrapy from ``EXTENSIONS`` (``from_crawler``), it opens the SQLite state when
the run is incremental (``NEWSCRAWL_INCREMENTAL``, set from ``-a incremental=true``)
and closes it when the engine stops. Every other component finds it with
``crawler.get_extension(IncrementalState)`` and reads ``store`` (None when the run
keeps no state), so no component reads the state off the spider.

The feed exporter stages each file's records and commits them when the file is final
(``commit``). It also keeps the sitemap ``<lastmod>`` of each article seen in this run: discovery
notes it, the state pipeline records it with the article.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Self

from scrapy import signals

from newscrawl.state.store import SQLiteStateStore, StateStore

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class IncrementalState:
    def __init__(self, crawler: Crawler, store: StateStore | None) -> None:
        self.crawler = crawler
        #: the open state, or None in a run without ``incremental=true``
        self.store = store
        self._lastmod: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        store = None
        if settings.getbool("NEWSCRAWL_INCREMENTAL"):
            store = SQLiteStateStore(Path(settings["NEWSCRAWL_STATE_DIR"]))
        component = cls(crawler, store)
        # the feed exporter commits each file; close after everything else
        crawler.signals.connect(component.close, signal=signals.engine_stopped)
        return component

    @classmethod
    def of(cls, crawler: Crawler) -> IncrementalState | None:
        """The crawler's instance (None when the extension is disabled)."""
        return crawler.get_extension(cls)

    @classmethod
    def store_of(cls, crawler: Crawler) -> StateStore | None:
        """The crawler's open state, or None (no state kept, or extension disabled)."""
        component = cls.of(crawler)
        return component.store if component is not None else None

    # -- the sitemap's lastmod, per article ------------------------------------------------
    def note_lastmod(self, article_id: str, lastmod: str | None) -> None:
        """Remember the sitemap's <lastmod> (kept only when the state is open: nothing
        reads it otherwise)."""
        if lastmod and self.store is not None:
            self._lastmod[article_id] = lastmod

    def lastmod(self, article_id: str) -> str | None:
        return self._lastmod.get(article_id)

    def commit(self) -> None:
        """A feed file is final under its name: its staged records become the state."""
        if self.store is not None:
            committed = self.store.commit_run()
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/state/committed", committed)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
