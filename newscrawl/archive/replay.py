"""The crawl, replayed from a web archive: the same spider, pipelines and feed, no network.

``ArchiveDownloadHandler`` answers http(s) requests from an ``ArchiveIndex`` (the
latest capture of the URL, or of the same article under another URL) with the
response as it was received: status, headers and the still content-encoded body, so
every downloader middleware, the spider's discovery, the parser, the item pipelines,
site furniture, the incremental state and the feed exporter all run exactly as in the
crawl. That is what makes a rebuild equal to the crawl's feed, and a parser fix reach
downstream as revisions. A request the archive has no page for is refused
(IgnoreRequest), as a page the network never delivered.

``replay_spider`` adds, after the spider's own discovery, a request for every article
page in the archive: pages found by an earlier crawl whose listings have since moved
on are rebuilt too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy import signals
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from newscrawl.archive.ahead import ParseAhead
from newscrawl.archive.index import ArchiveIndex
from newscrawl.archive.pages import HttpMessage, dechunked
from newscrawl.archive.reader import WarcRecord, read_warc_at
from newscrawl.sites import profile_named
from newscrawl.spiders.expertkz import ExpertKzSpider
from newscrawl.urls import article_id_of

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response, TextResponse

    from newscrawl.extraction.article import ParseResult

#: article pages parsed ahead of the replay, per worker process, at most
AHEAD_PER_JOB = 32
#: the setting holding the ArchiveIndex a replay serves (an object, set by the command)
INDEX_SETTING = "NEWSCRAWL_REPLAY_INDEX"


class ArchiveDownloadHandler(BaseDownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.index: ArchiveIndex = crawler.settings[INDEX_SETTING]
        self.profile = profile_named(crawler.settings["NEWSCRAWL_SITE"])

    async def download_request(self, request: Request) -> Response:
        capture = self.index.find(request.url, article_id_of(request.url, self.profile))
        if capture is None:
            raise IgnoreRequest(f"not in the archive: {request.url}")
        record = read_warc_at(capture.path, capture.offset)
        return replayed_response(record, request.url)


def replayed_response(record: WarcRecord, url: str) -> Response:
    """The archived response as the download handler first produced it."""
    message = HttpMessage.of(record)
    body = message.payload
    lines = message.header_lines
    if "chunked" in message.headers.get("transfer-encoding", "").lower():
        body = dechunked(body)  # archives from tools that keep the wire bytes
        lines = [(n, v) for n, v in lines if n.lower() != b"transfer-encoding"]
    headers = Headers()
    for name, value in lines:
        headers.appendlist(name, value)
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    return cls(
        url=url,
        status=message.status,
        headers=headers,
        body=body,
        protocol=message.protocol,
        flags=["archived"],
    )


def replay_spider(site: str, jobs: int = 1) -> type[ExpertKzSpider]:
    """The crawl's spider for ``site``, also requesting every archived article page;
    with ``jobs`` > 1 the article pages are parsed ahead in that many processes."""
    profile = profile_named(site)

    class ArchiveReplaySpider(ExpertKzSpider):
        custom_settings: ClassVar[dict[str, Any]] = {"NEWSCRAWL_SITE": profile.name}
        ahead: ParseAhead | None = None

        async def start(self) -> AsyncIterator[Any]:
            index: ArchiveIndex = self.crawler.settings[INDEX_SETTING]
            if jobs > 1:
                self.ahead = ParseAhead(site, index.articles.values(), jobs, AHEAD_PER_JOB * jobs)
                self.crawler.signals.connect(self._close_ahead, signal=signals.spider_closed)
            async for request in super().start():
                yield request
            for capture in list(index.articles.values()):
                for request in self._article_request(capture.url, "archive"):
                    yield request

        def parse_page(self, response: TextResponse) -> ParseResult:
            result = self.ahead.take(response) if self.ahead is not None else None
            return result if result is not None else super().parse_page(response)

        def _close_ahead(self) -> None:
            if self.ahead is not None:
                self.ahead.close()
                self.crawler.stats.set_value("newscrawl/archive/parsed_ahead", self.ahead.used)
                self.crawler.stats.set_value("newscrawl/archive/parsed_here", self.ahead.missed)

    ArchiveReplaySpider.profile = profile
    return ArchiveReplaySpider
