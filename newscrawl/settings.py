"""Scrapy settings for newscrawl. Every value here is documented in README.md."""

from newscrawl.items import FEED_FIELDS

BOT_NAME = "newscrawl"
COMMANDS_MODULE = "newscrawl.commands"  # `scrapy crawl` with honest exit codes and a lock
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
ADDONS = {"newscrawl.addons.PerDomainLimitGuard": 0}
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# --- Robustness -------------------------------------------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 3
DOWNLOAD_TIMEOUT = 30
COOKIES_ENABLED = False  # a news site needs none; keeps requests stateless and cacheable

# --- Identity of a request --------------------------------------------------------------
REQUEST_FINGERPRINTER_CLASS = "newscrawl.fingerprinting.ArticleAwareFingerprinter"

# --- Pipelines: normalize -> deduplicate -> furniture -> validate -> fingerprint -> state
ITEM_PIPELINES = {
    "newscrawl.pipelines.normalize.NormalizeTextPipeline": 100,
    "newscrawl.pipelines.dedup.DeduplicateParagraphsPipeline": 200,
    "newscrawl.pipelines.furniture.DropFurniturePipeline": 300,
    "newscrawl.pipelines.validate.ValidatePipeline": 400,
    "newscrawl.pipelines.fingerprint.FingerprintPipeline": 500,
    "newscrawl.pipelines.state.IncrementalStatePipeline": 900,
}

# --- Incremental crawls (-a incremental=true) ---------------------------------------------
NEWSCRAWL_STATE_DIR = "data/state"
NEWSCRAWL_REVISIT_DAYS = 3  # re-fetch known articles this young (see state/revisit.py)
NEWSCRAWL_REVISIT_MAX_AGE_DAYS = 30  # ...and any not fetched for this long
DOWNLOADER_MIDDLEWARES = {"newscrawl.conditional.ConditionalRequestMiddleware": 650}

# --- Feed ---------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"  # Cyrillic as is, not \u-escaped
FEED_EXPORT_FIELDS = list(FEED_FIELDS)
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
    # RunSummary first: at engine_stopped it sets the exit status StatsFile then writes
    "newscrawl.extensions.run_summary.RunSummary": 500,
    "newscrawl.extensions.stats_file.StatsFile": 510,
}
# Health rules behind the exit status (newscrawl/health.py)
NEWSCRAWL_HEALTH_MAX_ERROR_RATE = 0.2  # share of requests that finally failed
NEWSCRAWL_HEALTH_MIN_PRIMARY_SHARE = 0.5  # of pages whose title/body/date came from K2/JSON-LD
NEWSCRAWL_HEALTH_MIN_ARTICLES = 5  # parsed pages needed before the share rule applies
NEWSCRAWL_STATS_FILE = None  # path: final stats as JSON, for scripts and monitoring

LOG_LEVEL = "INFO"
