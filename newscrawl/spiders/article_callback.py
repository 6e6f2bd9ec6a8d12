"""The article callback: what happens to a fetched article page before the pipelines.

Parsing itself is the pure parser's job (``newscrawl.extraction.article``); this mixin
decides whether there is anything to parse (a 304, an empty or non-text page, the
benchmark's bare crawl), tells the section walk and the revisit queue what became of
the article, and counts which source produced each field. Its methods are the spider's
callbacks (``scrapy parse`` and a JOBDIR find them by name on the spider), and
``parse_page`` is the seam an archive replay overrides.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from logging import LoggerAdapter
from typing import TYPE_CHECKING, Any

from scrapy.http import Response, TextResponse

from newscrawl.conditional import validators_of
from newscrawl.extraction.article import ParseResult, parse_article
from newscrawl.items import Article
from newscrawl.spiders.request_accounting import KIND
from newscrawl.state.component import IncrementalState
from newscrawl.state.store import utc_now
from newscrawl.urls import article_id_of, host_of

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from newscrawl.sites.base import SiteProfile
    from newscrawl.spiders.ledger import DiscoveryLedger
    from newscrawl.spiders.listing_walk import ListingWalker


class ArticleCallbacks:
    """Spider mixin: ``parse``/``parse_article`` and the accounting around the parser."""

    crawler: Crawler
    settings: BaseSettings
    profile: SiteProfile
    ledger: DiscoveryLedger
    walker: ListingWalker
    logger: LoggerAdapter

    @classmethod
    def handles_request(cls, request: Request) -> bool:
        """The site's own hosts: how ``scrapy parse URL`` finds this spider."""
        host = host_of(request.url)
        return host == host_of(cls.profile.default_base_url) or host in cls.profile.extra_hosts

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Article]:
        """Scrapy's default callback, used by ``scrapy parse URL``: an article page."""
        return self.parse_article(response)

    def parse_article(self, response: Response) -> Iterator[Article]:
        requested = response.request.url if response.request else response.url
        article_id = article_id_of(requested, self.profile) or ""
        if self.ledger.revisits is not None and response.meta.get(KIND) == "article_revisit":
            self.ledger.revisits.served(article_id)
        if response.status == 304:
            self.walker.nothing_to_deliver(article_id)
            self.parse_not_modified(response)
            return
        if not self.settings.getbool("NEWSCRAWL_EXTRACT", True):
            self.walker.nothing_to_deliver(article_id)
            return  # the benchmark's bare crawl: download and dispatch only
        if not isinstance(response, TextResponse) or not response.body.strip():
            self.walker.nothing_to_deliver(article_id)
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/dropped/not_text")
            self.logger.warning("Not a text response, no article parsed: %s", response.url)
            return
        if not response.body.strip():
            self.crawler.stats.inc_value("newscrawl/dropped/empty_page")
            self.logger.warning("Empty page, no article parsed: %s", response.url)
            return
        result = self.parse_page(response)
        for field, source in result.sources.items():
            self.crawler.stats.inc_value(f"newscrawl/field/{field}/{source}")
        result.article.fetch = validators_of(response)
        yield result.article

    def parse_page(self, response: TextResponse) -> ParseResult:
        """The pure parser on one article page (a replay of the archive overrides this to
        use results parsed ahead in worker processes: newscrawl.archive.ahead)."""
        return parse_article(response, self.profile, crawled_at=datetime.now(UTC))

    def parse_not_modified(self, response: Response) -> None:
        """A 304 to a conditional re-fetch: the page is unchanged, nothing to parse."""
        article_id = article_id_of(response.url, self.profile)
        state = IncrementalState.store_of(self.crawler)
        if state is not None and article_id is not None:
            facts = validators_of(response)
            state.touch(article_id, utc_now(), facts.get("etag"), facts.get("last_modified"))
        self.crawler.stats.inc_value("newscrawl/state/not_modified")
