"""The run's walks of the section listings, and what they prove for the next run.

In an incremental run each section's walk (``newscrawl.state.sections.SectionWalk``)
decides which listing page to read next; this component gives it what it needs (which
articles the state knows), follows what became of every article the listings led to,
and when the run is over saves the progress the walks proved: only over articles now
committed in the state, or finished without an article (dropped by a pipeline, gone
with a 404, answered 304). An article requested but not delivered when the run stopped
is neither, so its page is read again by the next run. It also turns the walks into
the run's numbers: pages read, depth of the done region and backlog left per section.

Without incremental state every page is read (there is nothing to stop at).
A sweep (``-a sweep=true``, or ``NEWSCRAWL_SWEEP_DAYS`` since the last one) reads every
page again from the top, as a first crawl would, to find what only a full walk finds:
an article published with an old date, or moved between sections. Cut short, it goes on
in the next runs like a first crawl.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from scrapy import signals

from newscrawl.state.discovery_db import DiscoveryDb
from newscrawl.state.sections import SectionProgress, SectionWalk
from newscrawl.urls import article_id_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from newscrawl.items import Article
    from newscrawl.sites.base import SiteProfile

GONE_REASONS = frozenset({"http_404", "http_410"})


class ListingWalker:
    def __init__(self, crawler: Crawler, profile: SiteProfile) -> None:
        self.crawler = crawler
        self.profile = profile
        self.sections = [section.path for section in profile.sections]
        settings = crawler.settings
        self.sweep = settings.getbool("NEWSCRAWL_SWEEP")
        self.sweep_days = settings.getfloat("NEWSCRAWL_SWEEP_DAYS")
        self.known_pages_to_stop = settings.getint("NEWSCRAWL_LISTING_KNOWN_PAGES", 2)
        self.db: DiscoveryDb | None = None
        self.walks: dict[str, SectionWalk] = {}
        self.last_offsets: dict[str, int] = {}
        #: articles this run finished without anything to deliver
        self._finished: set[str] = set()
        # with `since` a pipeline drops older articles unjudged: not finished for a later
        # run without it, so drops count only in runs without `since`
        if not settings.get("NEWSCRAWL_SINCE"):
            crawler.signals.connect(self._item_dropped, signal=signals.item_dropped)

    @property
    def incremental(self) -> bool:
        return self.db is not None

    def begin(self, db: DiscoveryDb | None, now: datetime) -> None:
        """Start the walks; with ``db`` (incremental runs) from the saved progress."""
        self.db = db
        saved = db.progress() if db is not None else {}
        for section in self.sections:
            progress = saved.get(section)
            if progress is not None and (self.sweep or self._sweep_due(progress, now)):
                progress = None  # read every page from the top
                self.crawler.stats.inc_value("newscrawl/listing/sweeps")  # type: ignore[union-attr]
            self.walks[section] = SectionWalk(section, progress, self.known_pages_to_stop)

    def _sweep_due(self, progress: SectionProgress, now: datetime) -> bool:
        if not self.sweep_days or not progress.complete:
            return False  # a sweep already under way goes on as a backlog
        if progress.swept_at is None:
            return True
        last = datetime.fromisoformat(progress.swept_at)
        return now - last >= timedelta(days=self.sweep_days)

    # -- during the run -------------------------------------------------------------------
    def page_read(
        self,
        section: str,
        offset: int,
        ids: list[str],
        next_offset: int | None,
        last_offset: int | None = None,
    ) -> int | None:
        """A listing page was read: the offset of the page to read next, or None."""
        if last_offset is not None:
            self.last_offsets[section] = max(last_offset, self.last_offsets.get(section, 0))
        walk = self.walks.get(section)
        if walk is None or self.db is None:
            return next_offset
        known = self.db.committed(ids)
        decision = walk.page_read(offset, ids, next_offset, known.__contains__)
        if walk.anchor_lost:
            self.crawler.stats.set_value(  # type: ignore[union-attr]
                f"newscrawl/listing/{_key(section)}/anchor_lost", 1
            )
        return decision

    def nothing_to_deliver(self, article_id: str) -> None:
        """An article page was answered with nothing to deliver (304, not an article)."""
        self._finished.add(article_id)

    def failed(self, article_id: str, reason: str) -> None:
        """An article request failed for good; a page that is gone is finished."""
        if reason in GONE_REASONS:
            self._finished.add(article_id)

    def _item_dropped(self, item: Article, response: Response) -> None:
        """A pipeline dropped the article (unchanged, invalid, a duplicate): finished."""
        request = response.request
        article_id = article_id_of(request.url if request else response.url, self.profile)
        self._finished.add(article_id or item.article_id)

    # -- at the end -----------------------------------------------------------------------
    def finish(self, now: datetime) -> None:
        """Save the progress the walks proved (after the state's commit) and count."""
        stats = self.crawler.stats
        assert stats is not None
        proved: list[SectionProgress] = []
        for section, walk in self.walks.items():
            key = _key(section)
            stats.set_value(f"newscrawl/listing/{key}/pages", len(walk.pages))
            if self.db is None:
                continue
            ids = [i for page in walk.pages for i in page.ids]
            committed = self.db.committed(ids)

            def done(article_id: str, committed: set[str] = committed) -> bool:
                return article_id in committed or article_id in self._finished

            progress = walk.advanced(done, now.isoformat(timespec="seconds"))
            if progress is None:
                continue
            proved.append(progress)
            stats.set_value(f"newscrawl/listing/{key}/depth", progress.end)
            stats.set_value(f"newscrawl/listing/{key}/complete", int(progress.complete))
            if section in self.last_offsets and not progress.complete:
                # the last page starts at the last offset: a page's worth is an upper bound
                page = max(len(p.ids) for p in walk.pages)
                left = max(0, self.last_offsets[section] + page - progress.end)
                stats.set_value(f"newscrawl/listing/{key}/backlog", left)
        if self.db is not None and proved:
            self.db.save_progress(proved)
        backlog = sum(
            v for k, v in stats.get_stats().items() if k.endswith("/backlog") and "listing" in k
        )
        stats.set_value("newscrawl/listing/backlog", backlog)


def _key(section: str) -> str:
    """``/tema`` -> ``tema``: the section's name in stats keys."""
    return section.strip("/").replace("/", "_") or "home"
