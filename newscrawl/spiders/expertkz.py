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
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urljoin, urlsplit

from scrapy import Request, signals
from scrapy.exceptions import UsageError
from scrapy.http import Response, TextResponse
from scrapy.spiders import SitemapSpider

from newscrawl.extraction.article import parse_article
from newscrawl.extraction.dates import parse_site_date
from newscrawl.items import Article
from newscrawl.sites.base import SiteProfile
from newscrawl.sites.expertkz import PROFILE
from newscrawl.spiders.arguments import parse_base_url, parse_bool, parse_since
from newscrawl.state.revisit import RevisitPolicy
from newscrawl.state.store import SQLiteStateStore, StateStore, utc_now
from newscrawl.urls import article_id_of, host_of, strip_tracking

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

ARTICLE_PRIORITY = 10  # finish articles before paging on: bounded memory, early items


class ExpertKzSpider(SitemapSpider):
    name = "expertkz"
    profile: SiteProfile = PROFILE
    #: the incremental state, open only with ``-a incremental=true``
    incremental_state: StateStore | None = None

    def __init__(
        self,
        base_url: str | None = None,
        since: str | None = None,
        incremental: str | None = None,
        **kwargs: Any,
    ):
        try:
            self.base_url = parse_base_url(base_url or self.profile.default_base_url)
            self.since: date | None = parse_since(since)
            self.incremental = parse_bool("incremental", incremental)
        except ValueError as error:
            raise UsageError(str(error), print_help=False) from error
        # Article ids of this run (bounded by the site's size): for counting and for
        # not asking the scheduler twice.
        self._discovered_ids: set[str] = set()
        self._requested_ids: set[str] = set()
        self._skipped_ids: set[str] = set()
        self._sitemap_lastmod: dict[str, str] = {}
        self.revisit = RevisitPolicy()
        host = host_of(self.base_url)
        self.allowed_domains = [host]
        if host == host_of(self.profile.default_base_url):
            self.allowed_domains += list(self.profile.extra_hosts)
        self.sitemap_urls = [self.base_url + "/robots.txt"]
        self.sitemap_rules = [(self.profile.article_url, "parse_article")]
        super().__init__(**kwargs)

    @classmethod
    def check_arguments(
        cls,
        base_url: str | None = None,
        since: str | None = None,
        incremental: str | None = None,
        **_: Any,
    ) -> None:
        """Raise ValueError with a one-line message for a bad argument (before crawling)."""
        parse_base_url(base_url or cls.profile.default_base_url)
        parse_since(since)
        parse_bool("incremental", incremental)

    @classmethod
    def wants_state(cls, incremental: str | None = None, **_: Any) -> bool:
        return parse_bool("incremental", incremental)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.incremental:
            settings = crawler.settings
            spider.revisit = RevisitPolicy(
                settings.getfloat("NEWSCRAWL_REVISIT_DAYS"),
                settings.getfloat("NEWSCRAWL_REVISIT_MAX_AGE_DAYS"),
            )
            spider.incremental_state = SQLiteStateStore(Path(settings["NEWSCRAWL_STATE_DIR"]))
            # Commit only once every feed file is final; close after everything else.
            crawler.signals.connect(spider._commit_state, signal=signals.feed_exporter_closed)
            crawler.signals.connect(spider._close_state, signal=signals.engine_stopped)
        return spider

    def _commit_state(self) -> None:
        if self.incremental_state is not None:
            committed = self.incremental_state.commit_run()
            self.crawler.stats.set_value("newscrawl/state/committed", committed)

    def _close_state(self) -> None:
        if self.incremental_state is not None:
            self.incremental_state.close()
            self.incremental_state = None

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
            article_id = article_id_of(loc, self.profile)
            if article_id is not None:
                lastmod = entry.get("lastmod")
                if self._older_than_since(_iso_date(lastmod)):
                    self.crawler.stats.inc_value("newscrawl/discovery/skipped_since")
                    continue
                if lastmod:
                    self._sitemap_lastmod[article_id] = lastmod
                if not self._wanted(article_id, "sitemap"):
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

    def _wanted(self, article_id: str, via: str) -> bool:
        """Count a discovered article; False if already requested or not due for a revisit.

        A known article skipped when found through a listing is still requested if the
        sitemap, read later, announces a new lastmod for it.
        """
        stats = self.crawler.stats
        stats.inc_value(f"newscrawl/discovery/{via}")
        if article_id in self._requested_ids:
            return False
        self._discovered_ids.add(article_id)
        stats.set_value("newscrawl/discovery/articles", len(self._discovered_ids))
        if self.incremental_state is not None:
            record = self.incremental_state.get(article_id)
            if not self.revisit.is_due(record, self._sitemap_lastmod.get(article_id)):
                self._skipped_ids.add(article_id)
                stats.set_value("newscrawl/state/skipped_known", len(self._skipped_ids))
                return False
        self._skipped_ids.discard(article_id)
        stats.set_value("newscrawl/state/skipped_known", len(self._skipped_ids))
        self._requested_ids.add(article_id)
        return True

    def _article_request(self, url: str, via: str) -> Iterator[Request]:
        article_id = article_id_of(url, self.profile)
        if urlsplit(url).scheme not in ("http", "https") or article_id is None:
            return
        if not self._wanted(article_id, via):
            return
        yield Request(
            strip_tracking(url, self.profile),
            callback=self.parse_article,
            priority=ARTICLE_PRIORITY,
        )

    def _older_than_since(self, day: date | None) -> bool:
        return bool(self.since and day and day < self.since)

    # -- articles ---------------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[Article]:
        if response.status == 304:
            self.parse_not_modified(response)
            return
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newscrawl/dropped/not_text")
            self.logger.warning("Not a text response, no article parsed: %s", response.url)
            return
        result = parse_article(response, self.profile, crawled_at=datetime.now(UTC))
        for field, source in result.sources.items():
            self.crawler.stats.inc_value(f"newscrawl/field/{field}/{source}")
        result.article.fetch = self._fetch_facts(response, result.article.article_id)
        yield result.article

    def parse_not_modified(self, response: Response) -> None:
        """A 304 to a conditional re-fetch: the page is unchanged, nothing to parse."""
        article_id = article_id_of(response.url, self.profile)
        if self.incremental_state is not None and article_id is not None:
            facts = self._fetch_facts(response, article_id)
            self.incremental_state.touch(
                article_id, utc_now(), facts.get("etag"), facts.get("last_modified")
            )
        self.crawler.stats.inc_value("newscrawl/state/not_modified")

    def _fetch_facts(self, response: Response, article_id: str) -> dict[str, str]:
        """HTTP validators and sitemap lastmod of a fetch, for the incremental state."""
        facts = {
            "etag": response.headers.get("ETag"),
            "last_modified": response.headers.get("Last-Modified"),
        }
        found = {k: v.decode("latin-1") for k, v in facts.items() if v}
        if lastmod := self._sitemap_lastmod.get(article_id):
            found["lastmod"] = lastmod
        return found


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
