"""What every request of the spider cost, and what became of those that failed.

Kept apart from discovery because it is bookkeeping, not finding: each request is
counted by what it is for (``newscrawl/requests/<kind>``), each failure by its reason,
and a redirect the duplicate filter dropped is told apart from a loop. The methods
stay on the spider (a mixin, not a component) because Scrapy wires errbacks and
signal handlers to the spider, and a request waiting in a JOBDIR names its errback
by the spider's method name.
"""

from __future__ import annotations

from logging import LoggerAdapter
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newscrawl.failures import failure_reason
from newscrawl.middlewares.scope import HTTP_SCHEMES, AlreadyReported
from newscrawl.urls import article_id_of

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

    from newscrawl.sites.base import SiteProfile
    from newscrawl.spiders.listing_walk import ListingWalker

#: request meta key: what a request is for, counted as ``newscrawl/requests/<kind>``
KIND = "newscrawl_kind"


class RequestAccounting:
    """Spider mixin: the request counter, the errback and the dropped-request check."""

    crawler: Crawler
    profile: SiteProfile
    walker: ListingWalker
    logger: LoggerAdapter

    def _count_request(self, request: Request, spider: Any = None) -> None:
        kind = request.meta.get(KIND)
        if kind is None:
            parts = urlsplit(request.url)
            if parts.scheme not in HTTP_SCHEMES:
                return  # in-process requests (data:), nothing asked of the site
            kind = "robots" if parts.path == "/robots.txt" else "other"
        self.crawler.stats.inc_value(f"newscrawl/requests/{kind}")

    def request_failed(self, failure: Failure) -> None:
        """Errback of every request: count ``newscrawl/errors/<reason>`` (a robots.txt
        refusal is policy, not an error: ``newscrawl/scope/robots_disallowed``) and log
        the URL with the reason."""
        if isinstance(failure.value, AlreadyReported):
            return  # counted and logged by the middleware that refused it
        request = failure.request  # type: ignore[attr-defined]
        reason = failure_reason(failure)
        group = "scope" if reason == "robots_disallowed" else "errors"
        if request.meta.get(KIND, "").startswith("article"):
            article_id = article_id_of(request.url, self.profile)
            if article_id is not None:
                self.walker.failed(article_id, reason)
        self.crawler.stats.inc_value(f"newscrawl/{group}/{reason}")
        self.logger.warning("Lost %s (%s): %s", request.url, reason, failure.getErrorMessage())

    def request_dropped(self, request: Request) -> None:
        """A redirect the duplicate filter dropped: a loop if it returns to its own chain.

        A redirect that lands on the article it started from (an old alias redirected
        to the new one, possibly through other URLs) shares its fingerprint with the
        first request of its chain, so the filter drops it although the article was never
        fetched; it is sent again past the filter (a loop between two URLs of one article
        then still ends at REDIRECT_MAX_TIMES, counted as ``redirect_limit``)."""
        chain: list[str] = request.meta.get("redirect_urls") or []
        if not chain:
            return
        stats = self.crawler.stats
        fingerprint = self.crawler.request_fingerprinter.fingerprint
        if fingerprint(request.replace(url=chain[0])) == fingerprint(request):
            stats.inc_value("newscrawl/redirect/same_page_refetched")
            self.crawler.engine.crawl(request.replace(dont_filter=True))
        elif request.url in chain:
            stats.inc_value("newscrawl/errors/redirect_loop")
            self.logger.warning("Lost %s (redirect_loop): %s", chain[0], " -> ".join(chain))
        else:
            stats.inc_value("newscrawl/redirect/to_seen_url")
