"""Scrapy settings for newscrawl. Every value here is documented in README.md."""

from newscrawl.items import FEED_FIELDS

BOT_NAME = "newscrawl"
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

# --- Pipelines: normalize -> deduplicate -> furniture -> validate -> fingerprint --------
ITEM_PIPELINES = {
    "newscrawl.pipelines.normalize.NormalizeTextPipeline": 100,
    "newscrawl.pipelines.dedup.DeduplicateParagraphsPipeline": 200,
    "newscrawl.pipelines.furniture.DropFurniturePipeline": 300,
    "newscrawl.pipelines.validate.ValidatePipeline": 400,
    "newscrawl.pipelines.fingerprint.FingerprintPipeline": 500,
}

# False only in the benchmark's bare crawl (benchmarks/): article pages are downloaded
# and handed to the callback, which returns without parsing them.
NEWSCRAWL_EXTRACT = True

# --- Feed ---------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"  # Cyrillic as is, not \u-escaped
FEED_EXPORT_FIELDS = list(FEED_FIELDS)

# --- Caching (off by default; -s HTTPCACHE_ENABLED=True while developing selectors) -------
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"

LOG_LEVEL = "INFO"
