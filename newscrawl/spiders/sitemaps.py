"""Discovery through the sitemaps robots.txt names: Scrapy's SitemapSpider, adapted.

SitemapSpider does the reading (robots.txt, sitemap indexes, gzip, alternates); this
mixin adapts it to the crawl's rules: an unparsable sitemap is a counted, logged drop
and not a crash, entries older than ``since`` or already known are skipped, and the
article URLs wait on disk in the frontier instead of in the scheduler. A mixin placed
before SitemapSpider in the spider's bases, so ``super()`` reaches Scrapy's methods.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from logging import LoggerAdapter
from typing import TYPE_CHECKING, Any

from lxml.etree import LxmlError

from newscrawl.spiders.request_accounting import KIND
from newscrawl.urls import article_id_of, strip_tracking

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from newscrawl.sites.base import SiteProfile
    from newscrawl.spiders.frontier import UrlFrontier
    from newscrawl.spiders.ledger import DiscoveryLedger


class SitemapDiscovery:
    """Spider mixin over SitemapSpider: failure-safe parsing, filtering, the frontier."""

    crawler: Crawler
    profile: SiteProfile
    ledger: DiscoveryLedger
    frontier: UrlFrontier
    logger: LoggerAdapter
    parse_article: Callable[..., Any]  # newscrawl.spiders.article_callback
    request_failed: Callable[..., Any]  # newscrawl.spiders.request_accounting
    _older_than_since: Callable[[date | None], bool]  # newscrawl.spiders.article_requests

    def _parse_sitemap(self, response: Response) -> list[Request]:
        """SitemapSpider's parsing, made safe to fail and to account for.

        A sitemap that is not XML at all makes Scrapy's parser raise (an lxml error, or
        StopIteration when lxml's recovery finds no element at all, which Scrapy 2.19 lets
        escape); that is logged in one line and counted, and discovery goes on through the feeds and
        listings. Scrapy's parser never expands entities nor loads external ones
        (``resolve_entities=False``), so billion-laughs and XXE sitemaps are inert.
        Scrapy builds the sitemap and page requests without an errback; they get ours.
        """
        pushed = self.frontier.pushed
        try:
            requests = list(super()._parse_sitemap(response))
        except (LxmlError, StopIteration) as error:  # no element at all: StopIteration
            error = error if str(error) else type(error)("no XML element")
            self.crawler.stats.inc_value("newscrawl/discovery/sitemap_unparsable")
            self.logger.warning("Unparsable sitemap %s: %s", response.url, error)
            return []
        if not requests and self.frontier.pushed == pushed:
            self.crawler.stats.inc_value("newscrawl/discovery/sitemap_without_urls")
        return [
            r.replace(errback=self.request_failed, meta={**r.meta, KIND: "sitemap"})
            for r in requests
        ]

    def _get_urls_and_callbacks_from_urlset(
        self, it: Iterable[dict[str, Any]]
    ) -> Iterator[tuple[str, Any]]:
        """Articles go to the frontier, not straight to the scheduler (memory: see
        ``newscrawl.spiders.frontier``); anything else a rule matches is requested."""
        for url, callback in super()._get_urls_and_callbacks_from_urlset(it):
            if callback == self.parse_article:
                self.frontier.push(url)
            else:
                yield url, callback

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Canonical article locs only, and none last modified before ``since``."""
        for entry in entries:
            loc = entry.get("loc") or ""
            article_id = article_id_of(loc, self.profile)
            if article_id is not None:
                if self._older_than_since(_iso_date(entry.get("lastmod"))):
                    self.crawler.stats.inc_value("newscrawl/discovery/skipped_since")
                    continue
                self.ledger.note_lastmod(article_id, entry.get("lastmod"))
                if self.ledger.wanted(article_id, "sitemap") is None:
                    continue
                entry = {**entry, "loc": strip_tracking(loc, self.profile)}
            yield entry


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
