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
from typing import TYPE_CHECKING, Any, ClassVar, Self
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml.etree import LxmlError
from scrapy import Request, signals
from scrapy.exceptions import UsageError
from scrapy.http import Response, TextResponse
from scrapy.spiders import SitemapSpider

from newscrawl.conditional import validators_of
from newscrawl.extraction.article import ParseResult, parse_article
from newscrawl.failures import failure_reason
from newscrawl.items import Article
from newscrawl.middlewares.scope import HTTP_SCHEMES, AlreadyReported
from newscrawl.sites.base import SiteProfile
from newscrawl.sites.expertkz import PROFILE
from newscrawl.spiders.arguments import parse_base_url, parse_bool, parse_since
from newscrawl.spiders.frontier import UrlFrontier, lazy_requests, watch_scheduler
from newscrawl.spiders.ledger import DiscoveryLedger
from newscrawl.spiders.listing_walk import ListingWalker
from newscrawl.state.component import IncrementalState
from newscrawl.state.discovery_db import DiscoveryDb
from newscrawl.state.revisit import RevisitPolicy
from newscrawl.state.revisit_queue import RevisitQueue
from newscrawl.state.store import utc_now
from newscrawl.urls import article_id_of, host_of, strip_tracking

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

ARTICLE_PRIORITY = 10  # finish articles before paging on: bounded memory, early items
#: request meta key: what a request is for, counted as ``newscrawl/requests/<kind>``
KIND = "newscrawl_kind"


class ExpertKzSpider(SitemapSpider):
    name = "expertkz"
    profile: SiteProfile = PROFILE
    #: components resolve the profile from this setting (newscrawl.sites), not from the spider
    custom_settings: ClassVar[dict[str, Any]] = {"NEWSCRAWL_SITE": PROFILE.name}
    #: every ``-a`` argument this spider takes; any other is refused (exit 2)
    arguments: ClassVar[tuple[str, ...]] = ("base_url", "since", "incremental", "sweep")
    ledger: DiscoveryLedger
    #: the sitemaps' article URLs not requested yet (newscrawl.spiders.frontier)
    frontier: UrlFrontier
    #: the section listings' walks and the progress they prove (incremental runs)
    walker: ListingWalker
    #: what discovery remembers between incremental runs (open while crawling)
    discovery_db: DiscoveryDb | None = None

    def __init__(
        self,
        base_url: str | None = None,
        since: str | None = None,
        incremental: str | None = None,
        sweep: str | None = None,
        **kwargs: Any,
    ):
        try:
            self.base_url, self.since, self.incremental = self.check_arguments(
                base_url, since, incremental
            )
            #: read every listing page again (newscrawl.spiders.listing_walk)
            self.sweep = parse_bool("sweep", sweep)
        except ValueError as error:
            raise UsageError(str(error), print_help=False) from error
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
        sweep: str | None = None,
        **_: Any,
    ) -> tuple[str, date | None, bool]:
        """The validated ``-a`` arguments; ValueError with a one-line message if not.

        Called by newscrawl's ``crawl`` command before the crawl starts, because an
        exception from ``__init__`` surfaces inside the crawl as a traceback."""
        parse_bool("sweep", sweep)
        return (
            parse_base_url(base_url or cls.profile.default_base_url),
            parse_since(since),
            parse_bool("incremental", incremental),
        )

    @classmethod
    def wants_state(cls, incremental: str | None = None, **_: Any) -> bool:
        """Whether these arguments make an incremental run (the command then locks)."""
        return parse_bool("incremental", incremental)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        settings = crawler.settings
        # The arguments become settings (still unfrozen here: Scrapy creates the spider
        # before it applies the settings), so components read settings, never the spider.
        settings.set("NEWSCRAWL_INCREMENTAL", spider.incremental, priority="spider")
        since = spider.since.isoformat() if spider.since else None
        settings.set("NEWSCRAWL_SINCE", since, priority="spider")
        settings.set("NEWSCRAWL_BASE_URL", spider.base_url, priority="spider")
        settings.set("NEWSCRAWL_SWEEP", spider.sweep, priority="spider")
        policy = RevisitPolicy(
            settings.getfloat("NEWSCRAWL_REVISIT_DAYS"),
            settings.getfloat("NEWSCRAWL_REVISIT_MAX_AGE_DAYS"),
        )
        spider.ledger = DiscoveryLedger(crawler, policy)
        spider.walker = ListingWalker(crawler, spider.profile)
        # before the state's close (its extension connects later); after its commit
        # (feed_exporter_closed): what is committed then is what the run delivered
        crawler.signals.connect(spider._finish_discovery, signal=signals.engine_stopped)
        crawler.signals.connect(spider._count_request, signal=signals.request_reached_downloader)
        jobdir = settings.get("JOBDIR")
        spider.frontier = UrlFrontier(Path(jobdir) / "frontier.sqlite" if jobdir else None)
        crawler.signals.connect(spider.frontier.close, signal=signals.spider_closed)
        watch_scheduler(crawler)
        return spider

    def _open_discovery(self) -> None:
        """Incremental runs: the saved listing progress and the revisit queue."""
        now = datetime.now(UTC)
        settings = self.crawler.settings
        if IncrementalState.store_of(self.crawler) is not None:
            self.discovery_db = DiscoveryDb(Path(settings["NEWSCRAWL_STATE_DIR"]))
            self.ledger.revisits = RevisitQueue(
                self.discovery_db.connection,
                self.ledger.policy,
                settings.getint("NEWSCRAWL_REVISIT_LIMIT"),
            )
        self.walker.begin(self.discovery_db, now)

    def _finish_discovery(self) -> None:
        now = datetime.now(UTC)
        self.walker.finish(now)
        revisits, stats = self.ledger.revisits, self.crawler.stats
        if revisits is not None and stats is not None:
            length, oldest_days = revisits.backlog(now)
            stats.set_value("newscrawl/revisit/queue", length)
            stats.set_value("newscrawl/revisit/oldest_due_days", round(oldest_days, 3))
        if self.discovery_db is not None:
            self.discovery_db.close()
            self.discovery_db = None

    def _count_request(self, request: Request, spider: Any = None) -> None:
        kind = request.meta.get(KIND)
        if kind is None:
            parts = urlsplit(request.url)
            if parts.scheme not in HTTP_SCHEMES:
                return  # in-process requests (data:), nothing asked of the site
            kind = "robots" if parts.path == "/robots.txt" else "other"
        self.crawler.stats.inc_value(f"newscrawl/requests/{kind}")

    # -- discovery ------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        self._open_discovery()
        async for request in super().start():  # robots.txt -> sitemaps
            yield request.replace(errback=self.request_failed)
        for feed in self.profile.feeds:
            yield Request(
                self.base_url + feed,
                self.parse_feed,
                errback=self.request_failed,
                meta={KIND: "feed"},
            )
        yield Request(
            self.base_url + "/",
            self.parse_listing,
            errback=self.request_failed,
            meta={KIND: "home"},
        )
        for section in self.profile.sections:
            yield self._listing_page(section.path, 0)
        if self.ledger.revisits is not None:
            for due in self.ledger.revisits.take(datetime.now(UTC)):
                if self.ledger.revisiting(due.article_id):
                    yield self._article(due.url)
        async for request in lazy_requests(self.crawler, self.frontier, self._article):
            yield request  # the sitemaps' articles, as the engine has room for them

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

    # -- failures -----------------------------------------------------------------------------
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

    # -- articles ---------------------------------------------------------------------------
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
