"""Spider middleware: hold every article until the crawl is idle, then release them.

Why a spider middleware and not a pipeline stage: an item pipeline can only pass an
item on or raise ``DropItem``, and "not yet" is neither. A held-back item raised as
``DropItem`` would count in ``item_dropped_count`` and fire ``item_dropped`` for every
article of the crawl, and a pipeline that awaited the end of the crawl would keep the
spider from ever going idle. A spider middleware may simply not pass an output on
(as Scrapy's own OffsiteMiddleware does with requests), so the articles reach the
pipelines exactly once, when they are released, and Scrapy's item stats stay true.

Release: on ``spider_idle`` with articles still held, one request to ``data:,`` (served
in-process by Scrapy's DataURIDownloadHandler; robots.txt is not consulted for ``data:``,
``dont_filter`` passes the duplicate filter and the ``newscrawl_internal`` mark the
scope middleware, which refuses ``data:`` links) is scheduled and
``DontCloseSpider`` raised. Its callback yields the next ``NEWSCRAWL_RELEASE_BATCH``
(default 100) articles; when they have been through the pipelines the spider is idle
again and the next batch follows. Memory holds one batch at most.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Self

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from newscrawl.items import Article
from newscrawl.middlewares.scope import INTERNAL
from newscrawl.sitewide import forget_learner, learner_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure


RELEASE_META = "newscrawl_release"
RELEASE_URL = "data:,newscrawl-release"


class HoldArticlesUntilIdle:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.learner = learner_for(crawler)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    # -- holding --------------------------------------------------------------------------
    def _hold(self, response: Response, output: Any) -> bool:
        if isinstance(output, Article) and not response.meta.get(RELEASE_META):
            self.learner.hold(output)
            self.crawler.stats.inc_value("newscrawl/furniture/held")  # type: ignore[union-attr]
            return True
        return False

    def process_spider_output(
        self, response: Response, result: Iterable[Any], spider: Any = None
    ) -> Iterator[Any]:
        for output in result:
            if not self._hold(response, output):
                yield output

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any], spider: Any = None
    ) -> AsyncIterator[Any]:
        async for output in result:
            if not self._hold(response, output):
                yield output

    # -- releasing ------------------------------------------------------------------------
    def spider_idle(self) -> None:
        if not self.learner.held():
            return
        # The spider's own method when it has one, so JOBDIR can serialize the request.
        release = getattr(self.crawler.spider, "release_held_articles", self.release)
        request = Request(
            RELEASE_URL,
            callback=release,
            errback=release,  # a failed release request must not leave the crawl idling
            dont_filter=True,
            meta={RELEASE_META: True, INTERNAL: True, "dont_cache": True},
        )
        assert self.crawler.engine is not None
        self.crawler.stats.inc_value("newscrawl/furniture/release_requests")  # type: ignore[union-attr]
        self.crawler.engine.crawl(request)
        raise DontCloseSpider("releasing held articles")

    def release(self, response_or_failure: Response | Failure) -> Iterator[Article]:
        """Callback (and errback) of the release request: the next batch of articles."""
        yield from release_batch(self.crawler)

    def spider_closed(self) -> None:
        forget_learner(self.crawler)  # logs a warning if articles are left unreleased


def release_batch(crawler: Crawler) -> list[Article]:
    """Take the next batch of held articles off the spool, counted as released."""
    batch = crawler.settings.getint("NEWSCRAWL_RELEASE_BATCH", 100)
    articles = learner_for(crawler).release(batch)
    crawler.stats.inc_value("newscrawl/furniture/released", len(articles))  # type: ignore[union-attr]
    return articles
