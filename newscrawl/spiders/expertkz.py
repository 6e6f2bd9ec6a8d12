"""Discovery for Эксперт KZ: sitemaps from robots.txt, RSS feeds, section listings.

Everything is found from ``base_url`` (default: the live site), so the same spider
crawls the live site, a mirror or the bundled replica unchanged::

    scrapy crawl expertkz -O data/articles.jsonl
    scrapy crawl expertkz -a base_url=http://127.0.0.1:8000 -a since=2024-11-01 -O out.jsonl

The spider is composed of one mixin per job, so each reads on its own: sitemaps
(``sitemaps``), feeds and listings (``feeds_and_listings``), the common article request
(``article_requests``), the article callback (``article_callback``) and the request
and failure accounting (``request_accounting``). They are mixins rather than separate
components because Scrapy calls callbacks and errbacks on the spider, and a JOBDIR
stores a request's callback by the spider's method name. This module wires them: the
arguments, the run's components and the order in which discovery starts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self

from scrapy import Request, signals
from scrapy.exceptions import UsageError
from scrapy.spiders import SitemapSpider

from newscrawl.sites.base import SiteProfile
from newscrawl.sites.expertkz import PROFILE
from newscrawl.spiders.arguments import parse_base_url, parse_bool, parse_since
from newscrawl.spiders.article_callback import ArticleCallbacks
from newscrawl.spiders.article_requests import ArticleRequests
from newscrawl.spiders.feeds_and_listings import FeedAndListingDiscovery
from newscrawl.spiders.frontier import UrlFrontier, lazy_requests, watch_scheduler
from newscrawl.spiders.ledger import DiscoveryLedger
from newscrawl.spiders.listing_walk import ListingWalker
from newscrawl.spiders.request_accounting import KIND, RequestAccounting
from newscrawl.spiders.sitemaps import SitemapDiscovery
from newscrawl.state.component import IncrementalState
from newscrawl.state.discovery_db import DiscoveryDb
from newscrawl.state.revisit import RevisitPolicy
from newscrawl.state.revisit_queue import RevisitQueue
from newscrawl.urls import host_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class ExpertKzSpider(
    ArticleCallbacks,
    FeedAndListingDiscovery,
    SitemapDiscovery,
    ArticleRequests,
    RequestAccounting,
    SitemapSpider,
):
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
