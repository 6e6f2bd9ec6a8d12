"""A charset for HTML pages that declare none, chosen among the site's likely encodings.

Scrapy decodes as browsers do (w3lib.encoding.html_to_unicode): a BOM first, then the
HTTP Content-Type charset, then ``<meta>``; that order is kept untouched, so where the
header and ``<meta>`` contradict, the header wins, as in every browser. Only when nothing
is declared does Scrapy guess, trying ASCII, UTF-8, then cp1252, which turns a
windows-1251 or KOI8-R page into mojibake ("Ïðåçèäåíò"). For such pages this middleware
picks the encoding from ``UNDECLARED_ENCODINGS`` (UTF-8, windows-1251, KOI8-R for a
Russian-language site) under which the body decodes strictly and reads most like prose:
the most lowercase Cyrillic letters. That separates windows-1251 from KOI8-R reliably,
because each maps the other's lowercase letters to capitals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Self

from scrapy.http import HtmlResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

_LOWER_CYRILLIC = re.compile("[а-яё]")


def guess_encoding(body: bytes, candidates: Sequence[str]) -> str | None:
    """The candidate under which ``body`` decodes strictly with the most lowercase
    Cyrillic letters (UTF-8 wins as soon as it decodes); None if none decodes."""
    best: tuple[int, str] | None = None
    for encoding in candidates:
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding.replace("-", "").lower() == "utf8":
            return encoding
        score = len(_LOWER_CYRILLIC.findall(text))
        if best is None or score > best[0]:
            best = (score, encoding)
    return best[1] if best else None


def declares_encoding(response: Response) -> bool:
    """Whether a BOM, the Content-Type header or a ``<meta>`` names a charset."""
    content_type = response.headers.get("Content-Type")
    return bool(
        read_bom(response.body)[0]
        or http_content_type_encoding(content_type.decode("latin-1") if content_type else None)
        or html_body_declared_encoding(response.body)
    )


class UndeclaredEncodingMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.candidates = crawler.settings.getlist("UNDECLARED_ENCODINGS")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse) or declares_encoding(response):
            return response
        encoding = guess_encoding(response.body, self.candidates)
        if encoding is None:
            return response
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/encoding/undeclared/{encoding}")
        return response.replace(encoding=encoding)
