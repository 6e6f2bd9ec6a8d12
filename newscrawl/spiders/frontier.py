"""Article URLs found in sitemaps but not yet requested: on disk, handed out lazily.

Why: a sitemap lists every article of the site, 50,000 in one file for a big one.
SitemapSpider turns each into a ``Request`` at once and Scrapy's memory queue keeps
them all until they are fetched; with the engine's and the fingerprinter's bookkeeping
that made peak memory grow by ~3 KB per article of the site (issue 6). Instead the
sitemap's article URLs go into a SQLite table, and the spider's ``start()`` turns them
into requests only when the engine has room: Scrapy's documented lazy start
(``needs_backout()``, then wait for ``scheduler_empty``). The scheduler then holds
O(concurrency) requests whatever the size of the site.

The table lives in ``JOBDIR`` when one is set (``frontier.sqlite``), so a paused crawl
resumes with the URLs it had not requested yet (its sitemap is not fetched again: the
duplicate filter remembers it); else in a private temporary file that SQLite deletes
when it is closed. URLs come out in the order they went in (the sitemap's own order,
newest first on this site).

While ``start()`` has not returned the engine does not go idle.
``lazy_requests`` returns once the frontier is empty and nothing that could add to it
is left: no request scheduled or downloading, no response being processed.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import AsyncIterator, Callable, Sized
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy import Request, signals

if TYPE_CHECKING:
    from scrapy.core.engine import ExecutionEngine
    from scrapy.crawler import Crawler

#: rows read from or written to the table at a time: memory stays a few hundred URLs
CHUNK = 256
MAX_SCHEDULED_STAT = "newscrawl/frontier/max_scheduled"


class UrlFrontier:
    """A FIFO of URLs in SQLite, read and written in chunks."""

    def __init__(self, path: Path | None = None) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # "" is a private on-disk temporary database, deleted on close
        self._db = sqlite3.connect(str(path) if path else "", isolation_level=None)
        self._db.execute("PRAGMA synchronous=OFF")
        # read and written in order: a small page cache does (SQLite's default is 2 MB)
        self._db.execute("PRAGMA cache_size=-256")
        self._db.execute("CREATE TABLE IF NOT EXISTS frontier (seq INTEGER PRIMARY KEY, url TEXT)")
        (self._stored,) = self._db.execute("SELECT COUNT(*) FROM frontier").fetchone()
        self._incoming: list[str] = []
        self._outgoing: deque[tuple[int, str]] = deque()
        self._taken = 0  # highest seq handed out; its row and those before it are done
        self.pushed = 0

    def __len__(self) -> int:
        return self._stored + len(self._incoming) + len(self._outgoing)

    def push(self, url: str) -> None:
        self._incoming.append(url)
        self.pushed += 1
        if len(self._incoming) >= CHUNK:
            self._flush()

    def pop(self) -> str | None:
        """The oldest URL not handed out yet, None if there is none."""
        if not self._outgoing:
            self._flush()
            self._forget_taken()
            rows = self._db.execute(
                "SELECT seq, url FROM frontier ORDER BY seq LIMIT ?", (CHUNK,)
            ).fetchall()
            self._outgoing.extend(rows)
            self._stored -= len(rows)
        if not self._outgoing:
            return None
        self._taken, url = self._outgoing.popleft()
        return url

    def close(self) -> None:
        """Keep what was not handed out (it matters in JOBDIR), then close."""
        self._flush()
        self._forget_taken()
        self._db.close()

    def _flush(self) -> None:
        if self._incoming:
            with self._db:
                self._db.executemany(
                    "INSERT INTO frontier (url) VALUES (?)", ((url,) for url in self._incoming)
                )
            self._stored += len(self._incoming)
            self._incoming.clear()

    def _forget_taken(self) -> None:
        self._db.execute("DELETE FROM frontier WHERE seq <= ?", (self._taken,))


def watch_scheduler(crawler: Crawler) -> None:
    """Record the most requests the scheduler held (``newscrawl/frontier/max_scheduled``):
    what the frontier keeps small, observable in the stats of any crawl."""

    def scheduled(request: Request) -> None:
        scheduler = crawler.engine.scheduler if crawler.engine else None
        if isinstance(scheduler, Sized) and crawler.stats is not None:
            # sent just before the request is queued: count it in
            crawler.stats.max_value(MAX_SCHEDULED_STAT, len(scheduler) + 1)

    crawler.signals.connect(scheduled, signal=signals.request_scheduled, weak=False)


def _nothing_in_flight(engine: ExecutionEngine) -> bool:
    """The engine's own idle test (``spider_is_idle``), except for ``start()``: ours."""
    scheduler, scraper_slot = engine.scheduler, engine.scraper.slot
    return (
        (scraper_slot is None or scraper_slot.is_idle())
        and not engine.downloader.active
        and not (scheduler is not None and scheduler.has_pending_requests())
    )


async def lazy_requests(
    crawler: Crawler, frontier: UrlFrontier, make_request: Callable[[str], Request]
) -> AsyncIterator[Request]:
    """Requests for the frontier's URLs, one whenever the engine can take one.

    Ends when the frontier is empty and nothing in flight could add to it."""
    engine = crawler.engine
    assert engine is not None
    while True:
        if frontier and not engine.needs_backout():
            url = frontier.pop()
            if url is not None:
                yield make_request(url)
                continue
        if not frontier and _nothing_in_flight(engine):
            return
        # sent whenever the engine has room and no scheduled request to fill it with
        # (also every few seconds by the engine's heartbeat, so this never hangs)
        await crawler.signals.wait_for(signals.scheduler_empty)
