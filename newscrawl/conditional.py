"""Conditional re-fetches of known articles (incremental crawls).

A downloader middleware, so every article request gets the same treatment whichever
discovery path (sitemap, feed, listing) produced it: when the state holds an ETag or
Last-Modified for the article, the request carries If-None-Match / If-Modified-Since
and a 304 reaches the spider (``parse_not_modified``) instead of being an HTTP error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from newscrawl.sites import profile_from_settings
from newscrawl.state.component import IncrementalState
from newscrawl.urls import article_id_of

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response


def validators_of(response: Response) -> dict[str, str]:
    """The response's HTTP validators (``etag``, ``last_modified``), for the state."""
    found: dict[str, str] = {}
    for key, header in (("etag", "ETag"), ("last_modified", "Last-Modified")):
        if value := response.headers.get(header):
            found[key] = value.decode("latin-1")
    return found


class ConditionalRequestMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.profile = profile_from_settings(crawler.settings)
        self.component = IncrementalState.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        state = self.component.store if self.component is not None else None
        if state is None or request.method != "GET":
            return
        article_id = article_id_of(request.url, self.profile)
        record = state.get(article_id) if article_id else None
        if record is None or not (record.etag or record.last_modified):
            return
        if record.etag:
            request.headers.setdefault("If-None-Match", record.etag)
        if record.last_modified:
            request.headers.setdefault("If-Modified-Since", record.last_modified)
        request.meta.setdefault("handle_httpstatus_list", [304])
        self.crawler.stats.inc_value("newscrawl/state/conditional_requests")
