"""How far a crawl has got: one log line every ``NEWSCRAWL_PROGRESS_INTERVAL`` seconds,
and a progress bar on an interactive terminal (``NEWSCRAWL_PROGRESS_BAR``).

A polite crawl of the whole site runs for days, and Scrapy's own per-minute line counts
pages and items, not articles: a listing page and an article look alike there, and
items are delivered only at the end. This line counts articles::

    progress: 1200 articles discovered, 800 fetched, 0 delivered, 400 queued;
    30.5 fetched/min, about 13 min left

*discovered* are distinct article ids found (``newscrawl/discovery/articles``),
*fetched* the responses to article URLs (the site profile's article pattern, so 404s
and 304s count), *delivered* the items written (``item_scraped_count``), *queued* the
discovered articles still to fetch (minus those an incremental run skips as known).
The rate is over the whole crawl so far; the time left is queued / rate, and grows as
discovery finds more. A last line is logged when the spider closes.

The bar (tqdm) shows fetched of discovered-and-wanted articles, with the log's console
lines printed above it; ``python -m newscrawl`` turns it on when its stderr is a
terminal.
"""

from __future__ import annotations

import logging
import time
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import AsyncioLoopingCall, create_looping_call
from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from newscrawl.sites import profile_from_settings
from newscrawl.urls import article_id_of

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.internet.task import LoopingCall

logger = logging.getLogger(__name__)


def duration(seconds: float) -> str:
    """``45 s``, ``13 min``, ``5 h 20 min``, ``3 d 4 h``: precise enough for a crawl."""
    minutes, hours = seconds / 60, seconds / 3600
    if seconds < 90:
        return f"{seconds:.0f} s"
    if minutes < 90:
        return f"{minutes:.0f} min"
    if hours < 48:
        return f"{int(hours)} h {int(minutes % 60)} min"
    return f"{int(hours // 24)} d {int(hours % 24)} h"


class Progress:
    def __init__(self, crawler: Crawler, interval: float, bar: bool) -> None:
        self.crawler = crawler
        self.interval = interval
        self.profile = profile_from_settings(crawler.settings)
        self.fetched = 0
        self.started = time.monotonic()
        self.show_bar = bar
        self._task: AsyncioLoopingCall | LoopingCall | None = None
        self._bar: tqdm[Any] | None = None
        self._redirect = ExitStack()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL")
        bar = crawler.settings.getbool("NEWSCRAWL_PROGRESS_BAR")
        if interval <= 0 and not bar:
            raise NotConfigured
        extension = cls(crawler, interval, bar)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def _stat(self, key: str) -> int:
        assert self.crawler.stats is not None
        return int(self.crawler.stats.get_value(key) or 0)

    def counts(self) -> dict[str, int]:
        discovered = self._stat("newscrawl/discovery/articles")
        wanted = discovered - self._stat("newscrawl/state/skipped_known")
        return {
            "discovered": discovered,
            "fetched": self.fetched,
            "delivered": self._stat("item_scraped_count"),
            "queued": max(wanted - self.fetched, 0),
        }

    def line(self) -> str:
        counts = self.counts()
        minutes = (time.monotonic() - self.started) / 60
        rate = self.fetched / minutes if minutes > 0 else 0.0
        left = (
            f"about {duration(counts['queued'] / rate * 60)} left"
            if rate > 0 and counts["queued"]
            else "nothing queued"
            if not counts["queued"]
            else "time left unknown"
        )
        return (
            "progress: {discovered} articles discovered, {fetched} fetched, "
            "{delivered} delivered, {queued} queued".format(**counts)
            + f"; {rate:.1f} fetched/min, {left}"
        )

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        if self.show_bar:
            self._bar = tqdm(unit="article", desc="articles fetched", dynamic_ncols=True)
            self._print_log_above_bar()
        if self.interval > 0:
            self._task = create_looping_call(self.log_line)
            self._task.start(self.interval, now=False)

    def _print_log_above_bar(self) -> None:
        """Console log lines go through tqdm, above the bar instead of into it; tqdm's
        handler takes over Scrapy's level and filters (LOG_LEVEL, LOG_SHORT_NAMES)."""
        root = logging.getLogger()
        console = [h for h in root.handlers if type(h) is logging.StreamHandler]
        self._redirect.enter_context(logging_redirect_tqdm(loggers=[root]))
        if console:
            for handler in root.handlers:
                if handler not in console and type(handler) is not logging.StreamHandler:
                    handler.setLevel(console[0].level)
                    handler.filters = list(console[0].filters)

    def response_received(self, response: Response, request: Request) -> None:
        if article_id_of(request.url, self.profile) is None:
            return
        self.fetched += 1
        if self._bar is not None:
            counts = self.counts()
            self._bar.total = max(counts["fetched"] + counts["queued"], self.fetched)
            self._bar.update(1)

    def log_line(self) -> None:
        logger.info(self.line())

    def spider_closed(self) -> None:
        if self._task is not None and self._task.running:
            self._task.stop()
        if self._bar is not None:
            self._bar.close()
            self._redirect.close()
        logger.info(self.line())
