"""Discovery for Эксперт KZ: sitemaps from robots.txt, RSS feeds, section listings.

Everything is found from ``base_url`` (default: the live site), so the same spider
crawls the live site, a mirror or the bundled replica unchanged::

    scrapy crawl expertkz -O data/articles.jsonl
    scrapy crawl expertkz -a base_url=http://127.0.0.1:8000 -a since=2024-11-01 -O out.jsonl

Article pages are handed to the pure parser (``newscrawl.extraction.article``); the
spider only counts which source produced each field.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.exceptions import UsageError
from scrapy.http import Response, TextResponse
from scrapy.spiders import SitemapSpider

from newscrawl.extraction.article import parse_article
from newscrawl.extraction.dates import parse_site_date
from newscrawl.items import Article
from newscrawl.sites.base import SiteProfile
from newscrawl.sites.expertkz import PROFILE
from newscrawl.spiders.arguments import parse_base_url, parse_since
from newscrawl.urls import article_id_of, host_of, strip_tracking

ARTICLE_PRIORITY = 10  # finish articles before paging on: bounded memory, early items


class ExpertKzSpider(SitemapSpider):
    name = "expertkz"
    profile: SiteProfile = PROFILE

    def __init__(self, base_url: str | None = None, since: str | None = None, **kwargs: Any):
        try:
            self.base_url = parse_base_url(base_url or self.profile.default_base_url)
            self.since: date | None = parse_since(since)
        except ValueError as error:
            raise UsageError(str(error), print_help=False) from error
        host = host_of(self.base_url)
        self.allowed_domains = [host]
        if host == host_of(self.profile.default_base_url):
            self.allowed_domains += list(self.profile.extra_hosts)
        self.sitemap_urls = [self.base_url + "/robots.txt"]
        self.sitemap_rules = [(self.profile.article_url, "parse_article")]
        super().__init__(**kwargs)

    # -- discovery ------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        async for request in super().start():  # robots.txt -> sitemaps
            yield request
        for feed in self.profile.feeds:
            yield Request(self.base_url + feed, callback=self.parse_feed)
        yield Request(self.base_url + "/", callback=self.parse_listing)
        for section in self.profile.sections:
            yield Request(self.base_url + section.path, callback=self.parse_listing)

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Canonical article locs only, and none last modified before ``since``."""
        for entry in entries:
            loc = entry.get("loc") or ""
            if article_id_of(loc, self.profile) is not None:
                if self._older_than_since(_iso_date(entry.get("lastmod"))):
                    self.crawler.stats.inc_value("newscrawl/discovery/skipped_since")
                    continue
                entry = {**entry, "loc": strip_tracking(loc, self.profile)}
            yield entry

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """RSS 2.0 ``<item><link>`` (and Atom ``<entry><link href>``) entries."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/discovery/feed_not_text")
            return
        entries = response.xpath("//*[local-name()='item' or local-name()='entry']")
        for entry in entries:
            link = entry.xpath(
                "*[local-name()='link'][1]/text() | *[local-name()='link'][1]/@href"
            ).get()
            published = _rfc822_date(entry.xpath("string(*[local-name()='pubDate'])").get())
            if link and not self._older_than_since(published):
                yield from self._article_request(urljoin(response.url, link.strip()), "feed")

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """A K2 category page: its article links, then the next page unless past ``since``."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/discovery/listing_not_text")
            return
        selectors = self.profile.listing
        oldest: date | None = None
        entries = response.css(selectors.entry)
        for entry in entries:
            text = " ".join(entry.css(selectors.entry_date).getall())
            iso = parse_site_date(text, self.profile.timezone, self.profile.date_languages)
            entry_date = date.fromisoformat(iso[:10]) if iso else None
            if entry_date and (oldest is None or entry_date < oldest):
                oldest = entry_date
            if self._older_than_since(entry_date):
                continue
            for href in entry.css(selectors.entry_link).getall()[:1]:
                yield from self._article_request(response.urljoin(href), "listing")
        if not entries:  # the home page, or a listing whose template changed
            self.crawler.stats.inc_value("newscrawl/discovery/listing_without_entries")
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href)
                if article_id_of(url, self.profile) is not None:
                    yield from self._article_request(url, "page_link")
        next_href = response.css(selectors.next_page).get()
        if next_href and not self._older_than_since(oldest):
            yield response.follow(next_href, callback=self.parse_listing)
        elif next_href:
            self.crawler.stats.inc_value("newscrawl/discovery/pagination_stopped_since")

    def _article_request(self, url: str, via: str) -> Iterator[Request]:
        if urlsplit(url).scheme not in ("http", "https"):
            return
        self.crawler.stats.inc_value(f"newscrawl/discovery/{via}")
        yield Request(
            strip_tracking(url, self.profile),
            callback=self.parse_article,
            priority=ARTICLE_PRIORITY,
        )

    def _older_than_since(self, day: date | None) -> bool:
        return bool(self.since and day and day < self.since)

    # -- articles ---------------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[Article]:
        if not self.settings.getbool("NEWSCRAWL_EXTRACT", True):
            return  # the benchmark's bare crawl: download and dispatch only
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/dropped/not_text")
            self.logger.warning("Not a text response, no article parsed: %s", response.url)
            return
        result = parse_article(response, self.profile, crawled_at=datetime.now(UTC))
        for field, source in result.sources.items():
            self.crawler.stats.inc_value(f"newscrawl/field/{field}/{source}")
        yield result.article


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _rfc822_date(value: str | None) -> date | None:
    if not value or not value.strip():
        return None
    try:
        return parsedate_to_datetime(value.strip()).date()
    except (TypeError, ValueError):
        return None
