"""Discovery through the pages that link to articles: RSS/Atom feeds and K2 listings.

Sitemaps can be missing, stale or broken; the feeds carry the newest articles and the
section listings (and the home page) reach everything the site still links to. This
mixin reads those pages and hands each article link to the common article request
(``newscrawl.spiders.article_requests``); which listing page comes next is the
section walk's decision (``newscrawl.spiders.listing_walk``). Its parsers are spider
methods so their requests keep serializable callbacks in a JOBDIR.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urljoin, urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from newscrawl.spiders.request_accounting import KIND
from newscrawl.urls import article_id_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from newscrawl.sites.base import SiteProfile
    from newscrawl.spiders.listing_walk import ListingWalker


class FeedAndListingDiscovery:
    """Spider mixin: the feed and listing callbacks and the listing page requests."""

    crawler: Crawler
    profile: SiteProfile
    walker: ListingWalker
    base_url: str
    request_failed: Callable[..., Any]  # newscrawl.spiders.request_accounting
    # newscrawl.spiders.article_requests
    _article_request: Callable[..., Iterator[Request]]
    _older_than_since: Callable[[date | None], bool]
    _followable: Callable[[str, str], bool]

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
                url = urljoin(response.url, link.strip())
                yield from self._article_request(url, "feed", response.url)

    def parse_listing(
        self, response: Response, section: str | None = None, offset: int = 0
    ) -> Iterator[Request]:
        """A K2 category page (or the home page): its article links, then the page the
        section's walk reads next (``newscrawl.spiders.listing_walk``), none past
        ``since``."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/discovery/listing_not_text")
            return
        selectors = self.profile.listing
        oldest: date | None = None
        ids: list[str] = []
        entries = response.css(selectors.entry)
        for entry in entries:
            text = " ".join(entry.css(selectors.entry_date).getall())
            iso = self.profile.parse_date(text)
            entry_date = date.fromisoformat(iso[:10]) if iso else None
            if entry_date and (oldest is None or entry_date < oldest):
                oldest = entry_date
            for href in entry.css(selectors.entry_link).getall()[:1]:
                url = response.urljoin(href)
                ids.append(article_id_of(url, self.profile) or "")
                if not self._older_than_since(entry_date):
                    yield from self._article_request(url, "listing", response.url)
        if not entries:  # the home page, or a listing whose template changed
            self.crawler.stats.inc_value("newscrawl/discovery/listing_without_entries")
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href)
                article_id = article_id_of(url, self.profile)
                if article_id is not None:
                    ids.append(article_id)
                    yield from self._article_request(url, "page_link", response.url)
        if section is None:
            return  # the home page: read every run, no pages
        next_href = response.css(selectors.next_page).get()
        if next_href and self._older_than_since(oldest):
            self.crawler.stats.inc_value("newscrawl/discovery/pagination_stopped_since")
            return
        next_url = response.urljoin(next_href) if next_href else None
        if next_url is not None and not self._followable(next_url, response.url):
            next_url = None
        last_href = response.css(selectors.last_page).get() if selectors.last_page else None
        following = self.walker.page_read(
            section,
            offset,
            list(dict.fromkeys(i for i in ids if i)),
            self._offset_of(next_url) if next_url else None,
            self._offset_of(response.urljoin(last_href)) if last_href else None,
        )
        if following is not None:
            yield self._listing_page(section, following, next_url)

    def _listing_page(self, section: str, offset: int, url: str | None = None) -> Request:
        """The page of ``section`` at ``offset``: the site's own next link when it is that
        page, else the section URL with the offset parameter."""
        if url is None or self._offset_of(url) != offset:
            url = self.base_url + section
            if offset:
                url += f"?{self.profile.listing.offset_param}={offset}"
        return Request(
            url,
            self.parse_listing,
            errback=self.request_failed,
            meta={KIND: "listing"},
            cb_kwargs={"section": section, "offset": offset},
        )

    def _offset_of(self, url: str) -> int:
        values = parse_qs(urlsplit(url).query).get(self.profile.listing.offset_param)
        try:
            return int(values[0]) if values else 0
        except ValueError:
            return 0


def _rfc822_date(value: str | None) -> date | None:
    if not value or not value.strip():
        return None
    try:
        return parsedate_to_datetime(value.strip()).date()
    except (TypeError, ValueError):
        return None
