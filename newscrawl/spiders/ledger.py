"""The run's ledger of articles: found, requested, or skipped as already known.

Every discovery path (sitemap, feed, listing, home page) asks the ledger before it
requests an article, so counting, "new or known" and the sitemap's announced changes
live in one place; revisits due by age come from the state (the revisit queue).
Memory grows with the number of distinct articles of the site: at 50,000 articles
about 6 MB for the two id sets (each id is in one of them) and, in incremental runs
only, 5 MB for the lastmods (nothing reads them otherwise). The requests themselves
wait on disk (``newscrawl.spiders.frontier``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from newscrawl.state.component import IncrementalState
from newscrawl.state.revisit import RevisitPolicy
from newscrawl.state.revisit_queue import RevisitQueue
from newscrawl.state.store import StateStore

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class DiscoveryLedger:
    def __init__(self, crawler: Crawler, policy: RevisitPolicy) -> None:
        self.crawler = crawler  # its stats and extensions exist only once the crawl starts
        self.policy = policy
        # disjoint: an article skipped, then requested, moves; discovered = both
        self._requested: set[str] = set()
        self._skipped: set[str] = set()
        self._revisits: set[str] = set()  # at most the run's revisit limit
        # revisits taken from the state that discovery has not (yet) found
        self._undiscovered: set[str] = set()
        #: the run's revisits (incremental runs, once the crawl has started)
        self.revisits: RevisitQueue | None = None

    @property
    def _component(self) -> IncrementalState | None:
        return IncrementalState.of(self.crawler)

    @property
    def state(self) -> StateStore | None:
        """The run's open incremental state (``newscrawl.state.component``), or None."""
        return IncrementalState.store_of(self.crawler)

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def note_lastmod(self, article_id: str, lastmod: str | None) -> None:
        """Remember the sitemap's <lastmod> for an article (for the revisit decision and
        the state's record; without incremental state neither exists)."""
        component = self._component
        if component is not None:
            component.note_lastmod(article_id, lastmod)

    def lastmod(self, article_id: str) -> str | None:
        component = self._component
        return component.lastmod(article_id) if component is not None else None

    def wanted(self, article_id: str, via: str) -> str | None:
        """Count a discovered article; the kind of request to make for it, or None.

        ``article_new`` for an article the state does not hold (every article without
        incremental state). A known one is not requested by discovery: its revisits
        come from the state (``newscrawl.state.revisit_queue``), except that a sitemap
        announcing a new ``<lastmod>`` queues it, and makes it ``article_revisit`` at once
        while the run's revisit limit allows.
        """
        self.stats.inc_value(f"newscrawl/discovery/{via}")
        if article_id in self._requested:
            self._undiscovered.discard(article_id)
            self._count()
            return None
        state = self.state
        record = state.get(article_id) if state is not None else None
        kind: str | None = "article_new" if record is None else None
        lastmod = self.lastmod(article_id)
        revisits = self.revisits
        if (
            record is not None
            and revisits is not None
            and lastmod
            and self.policy.announced_change(record, lastmod)
            and revisits.announce(article_id, lastmod, datetime.now(UTC))
            and revisits.room()
        ):
            revisits.took_one()
            kind = "article_revisit"
        if kind is not None:
            self._skipped.discard(article_id)
            self._requested.add(article_id)
            if kind == "article_revisit":
                self._revisits.add(article_id)
        else:
            self._skipped.add(article_id)
        self._count()
        return kind

    def _count(self) -> None:
        discovered = len(self._requested) + len(self._skipped) - len(self._undiscovered)
        self.stats.set_value("newscrawl/discovery/articles", discovered)
        if self.state is not None:
            self.stats.set_value("newscrawl/state/skipped_known", len(self._skipped))

    def revisiting(self, article_id: str) -> bool:
        """Claim a due article for a revisit from the queue; False if already requested."""
        if article_id in self._requested:
            return False
        self._skipped.discard(article_id)
        self._requested.add(article_id)
        self._revisits.add(article_id)
        self._undiscovered.add(article_id)
        return True

    def request_kind(self, article_id: str | None) -> str:
        """``article_revisit`` for a known article this run fetches again, else
        ``article_new``."""
        return "article_revisit" if article_id in self._revisits else "article_new"
