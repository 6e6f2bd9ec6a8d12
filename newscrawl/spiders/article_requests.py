"""The one way discovery asks for an article: scope, ``since`` and the ledger first.

Sitemaps, feeds, listings, the home page, the revisit queue and an archive replay
all end here, so an article is requested with the same callback, errback, priority
and request kind whichever path found it. A mixin of the spider, because the request
must name the spider's own callbacks (a JOBDIR stores them by method name).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from logging import LoggerAdapter
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request

from newscrawl.middlewares.scope import HTTP_SCHEMES
from newscrawl.spiders.request_accounting import KIND
from newscrawl.urls import article_id_of, strip_tracking

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from newscrawl.sites.base import SiteProfile
    from newscrawl.spiders.ledger import DiscoveryLedger

ARTICLE_PRIORITY = 10  # finish articles before paging on: bounded memory, early items


class ArticleRequests:
    """Spider mixin: build the request for an article URL a discovery path found."""

    crawler: Crawler
    profile: SiteProfile
    ledger: DiscoveryLedger
    since: date | None
    logger: LoggerAdapter
    parse_article: Callable[..., Any]  # newscrawl.spiders.article_callback
    request_failed: Callable[..., Any]  # newscrawl.spiders.request_accounting

    def _article_request(self, url: str, via: str, source: str = "") -> Iterator[Request]:
        """Off-site hosts are left to the scope middleware, which drops, counts and logs
        them; a scheme other than http(s) is refused here, as Scrapy cannot even build a
        request for ``javascript:`` or ``mailto:``."""
        if not self._followable(url, source):
            return
        article_id = article_id_of(url, self.profile)
        if article_id is None or self.ledger.wanted(article_id, via) is None:
            return
        yield self._article(strip_tracking(url, self.profile))

    def _article(self, url: str) -> Request:
        kind = self.ledger.request_kind(article_id_of(url, self.profile))
        return Request(
            url,
            callback=self.parse_article,
            errback=self.request_failed,
            priority=ARTICLE_PRIORITY,
            meta={KIND: kind},
        )

    def _older_than_since(self, day: date | None) -> bool:
        return bool(self.since and day and day < self.since)

    def _followable(self, url: str, source: str) -> bool:
        if urlsplit(url).scheme in HTTP_SCHEMES:
            return True
        self.crawler.stats.inc_value("newscrawl/scope/scheme/link")
        self.logger.info("Dropped %s (not an http(s) URL), linked from %s", url, source)
        return False
