"""Scrapy settings for newscrawl. Every value here is documented in README.md."""

from newscrawl.items import FEED_FIELDS

BOT_NAME = "newscrawl"
# `scrapy crawl` with arguments checked first (one line, exit 2), a state lock for
# incremental runs and an exit status from the run's health rules (newscrawl/health.py)
COMMANDS_MODULE = "newscrawl.commands"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"

# --- Politeness -------------------------------------------------------------------------
# An honest agent string naming the project; operators add a contact with
# -s USER_AGENT="newscrawl/0.1 (+mailto:you@example.org)".
USER_AGENT = "newscrawl/0.1 (news archive crawler for Expert KZ; Scrapy)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.25  # the floor under AutoThrottle's delay
# Keeps the per-domain limit real even when DOWNLOAD_DELAY is set to 0 (see the add-on).
ADDONS = {"newscrawl.addons.PerDomainLimitGuard": 0, "newscrawl.explain.ExplainDrops": 0}
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# --- Robustness (docs/faults.md lists each fault and what these settings make of it) -----
RETRY_ENABLED = True
RETRY_TIMES = 3
# Scrapy's retry codes (500 502 503 504 522 524 408 429); each retry waits for the
# server's Retry-After, else 1 s, 2 s, 4 s ..., never longer than RETRY_BACKOFF_MAX.
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 60.0
DOWNLOAD_TIMEOUT = 30
# An article page of the site is 60-120 KB and its sitemap well under 1 MB; 16 MiB leaves
# room for any real page while a gzip bomb or an endless body is cut off there. The limit
# applies to the body as received and again as decompressed (HttpCompressionMiddleware
# and SitemapSpider both stop inflating at it), so memory stays bounded. 4 MiB warns of
# a page that is odd for this site but still parsed.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 10  # Joomla redirects once or twice; more is a loop
# Charsets tried, in order, for an HTML page that declares none (see the middleware).
UNDECLARED_ENCODINGS = ["utf-8", "windows-1251", "koi8-r"]
DOWNLOADER_MIDDLEWARES = {
    # off-site and non-http(s) requests dropped, counted and logged (replaces Scrapy's;
    # it checks requests when scheduled, and at 650 it sees a 3xx before RedirectMiddleware)
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newscrawl.middlewares.scope.ScopeMiddleware": 650,
    # retries wait (Retry-After or backoff) instead of going straight back
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.middlewares.retry.BackoffRetryMiddleware": 550,
    # a site that cannot be reached at all: one line, no retries, no other start URL
    # tried (above RetryMiddleware, so it sees the failure first)
    "newscrawl.middlewares.reachability.SiteReachability": 560,
    # robots.txt fetched once: SitemapSpider reads the response RobotsTxtMiddleware got
    "newscrawl.middlewares.robots.RobotsTxtOnce": 110,
    # after HttpCompressionMiddleware (590) has inflated the body
    "newscrawl.middlewares.encoding.UndeclaredEncodingMiddleware": 580,
    # incremental crawls: If-None-Match / If-Modified-Since for known articles
    "newscrawl.conditional.ConditionalRequestMiddleware": 660,
}
COOKIES_ENABLED = False  # a news site needs none; keeps requests stateless and cacheable
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for every callback's output (scrapy#5182).
# Our callbacks yield one article or a handful of links, and every pipeline stage is
# synchronous, so 100 tasks overlap nothing: 1 saves ~0.8 ms CPU per page (issue 6).
CONCURRENT_ITEMS = 1

# --- Identity of a request --------------------------------------------------------------
REQUEST_FINGERPRINTER_CLASS = "newscrawl.fingerprinting.ArticleAwareFingerprinter"

# --- Site furniture learned across articles (docs/dedup.md) -----------------------------
# Judged when each feed file closes, over the recorded counts plus that file's articles.
NEWSCRAWL_FURNITURE_MIN_ARTICLES = 3  # a paragraph in >= 3 distinct articles ...
NEWSCRAWL_FURNITURE_MIN_SHARE = 0.5  # ... and in >= half of those published meanwhile,
NEWSCRAWL_FURNITURE_MIN_WINDOW = 10  # ... once >= 10 were (or promo-like)
NEWSCRAWL_FURNITURE_KEEP_DAYS = 30  # articles kept for corrections (newest publication - N days)
NEWSCRAWL_EXPLAIN = False  # True: each item gets `dropped` [{text, reason, duplicate_of}]

# --- Pipelines: normalize -> dedup -> furniture -> validate; then, per feed file, site
# furniture -> fingerprint -> incremental state (newscrawl.feed.delivery)
ITEM_PIPELINES = {
    "newscrawl.pipelines.normalize.NormalizeTextPipeline": 100,
    # -a since: articles published before it are not written (counted)
    "newscrawl.pipelines.since.SincePipeline": 150,
    "newscrawl.pipelines.dedup.DeduplicateParagraphsPipeline": 200,
    "newscrawl.pipelines.furniture.DropFurniturePipeline": 300,
    "newscrawl.pipelines.validate.ValidatePipeline": 400,
}

# --- Incremental crawls (-a incremental=true) ---------------------------------------------
# The spider arguments, as settings (the spider sets them; components read these):
NEWSCRAWL_INCREMENTAL = False  # -a incremental=true
NEWSCRAWL_SINCE = None  # -a since=YYYY-MM-DD, as an ISO date string
NEWSCRAWL_BASE_URL = None  # -a base_url=..., validated (default: the profile's site)
# where the state lives; None: a folder `state` beside the run's feed file (commands/crawl.py)
NEWSCRAWL_STATE_DIR = None
NEWSCRAWL_REVISIT_DAYS = 3  # re-fetch known articles this young (see state/revisit.py)
NEWSCRAWL_REVISIT_MAX_AGE_DAYS = 30  # ...and any not fetched for this long
NEWSCRAWL_REVISIT_LIMIT = 100  # at most this many revisits a run, longest overdue first
# A listing walk that does not meet the first articles it saw last time (deleted or
# moved) stops after this many pages of known articles (newscrawl/state/sections.py).
NEWSCRAWL_LISTING_KNOWN_PAGES = 2
NEWSCRAWL_SWEEP = False  # -a sweep=true: read every listing page again in this run
NEWSCRAWL_SWEEP_DAYS = 0  # > 0: read every listing page again this often (0: only -a sweep=true)

# False only in the benchmark's bare crawl (benchmarks/): article pages are downloaded
# and handed to the callback, which returns without parsing them.
NEWSCRAWL_EXTRACT = True

# --- Feed ---------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"  # Cyrillic as is, not \u-escaped
FEED_EXPORT_FIELDS = list(FEED_FIELDS)
# Articles are delivered per file: a batch file (FEED_EXPORT_BATCH_ITEM_COUNT, or
# NEWSCRAWL_FEED_BATCH_SECONDS with articles in it) or the run's one file.
NEWSCRAWL_FEED_BATCH_SECONDS = 300  # closes a %(batch_id)d / %(batch_time)s file after this
NEWSCRAWL_FEED_BUFFER_DIR = None  # where open files' articles wait (default: the system temp)
# Local feed files are written as <name>.partial and renamed when complete.
FEED_STORAGES = {
    "": "newscrawl.feedstorage.AtomicFileFeedStorage",
    "file": "newscrawl.feedstorage.AtomicFileFeedStorage",
}

# --- Caching (off by default; -s HTTPCACHE_ENABLED=True while developing selectors) -------
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"

# --- Observability --------------------------------------------------------------------
EXTENSIONS = {
    # the incremental state, opened when NEWSCRAWL_INCREMENTAL (newscrawl.state.component)
    "newscrawl.state.component.IncrementalState": 100,
    # articles delivered per feed file, furniture judged when it closes (newscrawl.feed)
    "scrapy.extensions.feedexport.FeedExporter": None,
    "newscrawl.feed.exporter.StreamingFeedExporter": 0,
    # RunSummary first: at engine_stopped it sets the exit status StatsFile then writes
    "newscrawl.extensions.run_summary.RunSummary": 500,
    "newscrawl.extensions.stats_file.StatsFile": 510,
    # a log line with articles discovered/fetched/delivered/queued, rate and time left
    "newscrawl.extensions.progress.Progress": 520,
    # -s NEWSCRAWL_ARCHIVE=DIR: every fetched page as WARC (docs/archive.md); off when unset
    "newscrawl.archive.extension.WebArchive": 0,
}
# Health rules behind the exit status (newscrawl/health.py)
NEWSCRAWL_HEALTH_MAX_ERROR_RATE = 0.2  # share of requests that finally failed
NEWSCRAWL_HEALTH_MIN_PRIMARY_SHARE = 0.5  # of pages whose title/body/date came from K2/JSON-LD
NEWSCRAWL_HEALTH_MIN_ARTICLES = 5  # parsed pages needed before the share rule applies
NEWSCRAWL_STATS_FILE = None  # path: final stats as JSON, for scripts and monitoring
NEWSCRAWL_PROGRESS_INTERVAL = 60  # seconds between progress lines (0: none)
NEWSCRAWL_PROGRESS_BAR = False  # a tqdm bar on stderr (python -m newscrawl on a terminal)

# --- Web archive (docs/archive.md) ---------------------------------------------------------
NEWSCRAWL_ARCHIVE = None  # directory: every fetched page as WARC (*.warc.gz); off when unset
NEWSCRAWL_ARCHIVE_MAX_SIZE = 1_000_000_000  # bytes; a file is closed and a new one begun past it
NEWSCRAWL_ARCHIVE_COMPRESSION_LEVEL = 1  # zlib 1-9: 1 keeps archiving under 1.5 ms CPU a page

LOG_LEVEL = "INFO"
