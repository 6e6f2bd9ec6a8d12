"""Request fingerprints that know what an article is.

The same K2 item is reachable at many URLs: with ``utm_*`` tags, as a print view,
with or without its alias, under another menu (``/novosti/item/ID-…`` for a
``/tema`` item). Fingerprinting article requests by item id makes Scrapy's own
duplicate filter (persisted in JOBDIR) and HTTP cache treat them as one page.
Every other request keeps Scrapy's default fingerprint.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Self

from scrapy.utils.request import RequestFingerprinter

from newscrawl.sites import profile_from_settings
from newscrawl.urls import article_id_of

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler


class ArticleAwareFingerprinter:
    def __init__(self, crawler: Crawler | None = None) -> None:
        self._default = RequestFingerprinter(crawler)
        self._profile = profile_from_settings(crawler.settings) if crawler else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def fingerprint(self, request: Request) -> bytes:
        profile = self._profile
        if profile is not None and request.method == "GET":
            article_id = article_id_of(request.url, profile)
            if article_id is not None:
                return hashlib.sha1(f"{profile.name}:article:{article_id}".encode()).digest()
        return self._default.fingerprint(request)
