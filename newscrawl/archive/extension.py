"""The crawl's web archive: every downloaded response, with its request, as WARC records.

Enabled by ``NEWSCRAWL_ARCHIVE`` (a directory). Records are taken at Scrapy's
``response_downloaded`` signal: the response exactly as the download handler produced
it, before any downloader middleware, so the body is still content-encoded (gzip stays
gzip, matching the ``Content-Encoding`` header stored with it) and redirects, retried
errors and robots.txt (fetched by RobotsTxtMiddleware through the same downloader) are
all there; the request is the one the middlewares finished, with every header they set.
A response answered from HTTPCACHE or by a middleware was not fetched and is not archived.
A downloader middleware would have to sit above 590 (HttpCompressionMiddleware) yet
would also see cached responses as if fetched; the signal has neither problem.

The download handler (Twisted) keeps the connection-control headers to itself
(``Content-Length``, ``Transfer-Encoding``, ``Connection``, ``Keep-Alive``), so they are
not in the stored head; the stored payload is the body as received after de-chunking,
which is what a WARC reader expects when no ``Transfer-Encoding`` is declared.
"""

from __future__ import annotations

import logging
import platform
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Self

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.archive.exchange import exchange_records
from newscrawl.archive.signals import before_state_commit
from newscrawl.archive.writer import RotatingWarcFile
from newscrawl.sites import profile_from_settings

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

#: the warcinfo field naming the site profile the pages were crawled with
SITE_FIELD = "newscrawl-site"
#: pages of the site; anything else through the downloader was not fetched from it
ARCHIVED_SCHEMES = ("http://", "https://")


def crawler_version() -> str:
    try:
        return version("newscrawl")
    except PackageNotFoundError:  # a checkout that was never installed
        return "unknown"


class WebArchive:
    def __init__(self, crawler: Crawler, directory: Path) -> None:
        settings = crawler.settings
        self.stats = crawler.stats
        profile = profile_from_settings(settings)
        warcinfo = [
            ("software", f"newscrawl/{crawler_version()} Scrapy/{scrapy.__version__}"),
            ("format", "WARC File Format 1.0"),
            ("conformsTo", "ISO 28500"),
            (SITE_FIELD, profile.name),
            ("http-header-user-agent", settings.get("USER_AGENT") or ""),
            ("robots", "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore"),
            ("hostname", platform.node()),
        ]
        self.level = settings.getint("NEWSCRAWL_ARCHIVE_COMPRESSION_LEVEL")
        self.file = RotatingWarcFile(
            directory,
            f"newscrawl-{profile.name}",
            warcinfo,
            max_size=settings.getint("NEWSCRAWL_ARCHIVE_MAX_SIZE"),
            level=self.level,
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        directory = crawler.settings.get("NEWSCRAWL_ARCHIVE")
        if not directory:
            raise NotConfigured  # no message: Scrapy would log every crawl without an archive
        archive = cls(crawler, Path(directory))
        crawler.signals.connect(archive.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(archive.sync, signal=before_state_commit)
        crawler.signals.connect(archive.close, signal=signals.spider_closed)
        return archive

    def response_downloaded(self, response: Response, request: Request) -> None:
        if not response.url.startswith(ARCHIVED_SCHEMES):
            return  # e.g. data: URIs
        cpu = time.thread_time()
        started = time.time() - request.meta.get("download_latency", 0.0)
        try:
            written = self.file.write(*exchange_records(self.level, response, request, started))
        except OSError as error:
            self.stats.inc_value("newscrawl/archive/errors")
            logger.error("web archive: could not write %s: %s", response.url, error)
            return
        self.stats.inc_value("newscrawl/archive/responses")
        self.stats.inc_value("newscrawl/archive/bytes", written)
        # what archiving costs the crawl, measured where it is spent (the reactor thread)
        self.stats.inc_value("newscrawl/archive/cpu_ms", 1000 * (time.thread_time() - cpu))

    def sync(self) -> None:
        self.file.sync()
        self.stats.inc_value("newscrawl/archive/syncs")

    def close(self) -> None:
        self.file.finish()
        self.stats.set_value("newscrawl/archive/files", len(self.file.finished))
