"""What a golden file pins: the parser's item and which source gave each field."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from scrapy.http import HtmlResponse

from newscrawl.extraction.article import parse_article
from newscrawl.items import FEED_FIELDS
from newscrawl.replica.content import CASES
from newscrawl.sites.expertkz import PROFILE
from newscrawl.sites.generic import PROFILE as GENERIC

BASE_URL = "https://expert-kz.com"
GOLDEN_CASES = (
    "seed",
    "intro_only",
    "br_paragraphs",
    "noisy_text",
    "windows_1251",
    "kazakh",
    "quoted_title",
    "modified",
    "no_jsonld",
)
FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)
#: pages written for this project in the shape of each class of page the generic path
#: once failed on (issue 11); they are parsed as pages of a host no profile knows
GENERIC_DIR = "generic"
GENERIC_BASE_URL = "https://news.example.org/2024/11/"


def page_url(name: str) -> str:
    from newscrawl.replica.content import DEFAULT_SITE

    item_id = CASES.get(name, CASES["seed"])
    return BASE_URL + DEFAULT_SITE.article(item_id).path


def golden_output(name: str, body: bytes) -> dict[str, Any]:
    """``name`` is the file's stem, or ``generic/<stem>`` for a page of an unknown site."""
    if name.startswith(GENERIC_DIR + "/"):
        url, profile = GENERIC_BASE_URL + name.split("/", 1)[1], GENERIC
    else:
        url, profile = page_url(name), PROFILE
    response = HtmlResponse(url=url, body=body)
    result = parse_article(response, profile, crawled_at=FIXED_TIME)
    record = dataclasses.asdict(result.article)
    return {"article": {k: record[k] for k in FEED_FIELDS}, "sources": result.sources}
