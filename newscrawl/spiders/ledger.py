"""The run's ledger of articles: found, requested, or skipped as already known.

Every discovery path (sitemap, feed, listing, home page) asks the ledger before it
requests an article, so counting and the incremental revisit policy live in one place.
Memory grows with the number of distinct articles of the site: at 50,000 articles
about 6 MB for the two id sets (each id is in one of them) and, in incremental runs
only, 5 MB for the lastmods (nothing reads them otherwise). The requests themselves
wait on disk (``newscrawl.spiders.frontier``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.state.component import IncrementalState
from newscrawl.state.revisit import RevisitPolicy
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

    def wanted(self, article_id: str, via: str) -> bool:
        """Count a discovered article; False if already requested or not due for a revisit.

        A known article skipped when found through a listing is still requested if the
        sitemap, read later, announces a new lastmod for it.
        """
        self.stats.inc_value(f"newscrawl/discovery/{via}")
        if article_id in self._requested:
            return False
        state = self.state
        due = state is None or self.policy.is_due(state.get(article_id), self.lastmod(article_id))
        if due:
            self._skipped.discard(article_id)
            self._requested.add(article_id)
        else:
            self._skipped.add(article_id)
        discovered = len(self._requested) + len(self._skipped)
        self.stats.set_value("newscrawl/discovery/articles", discovered)
        if state is not None:
            self.stats.set_value("newscrawl/state/skipped_known", len(self._skipped))
        return due
