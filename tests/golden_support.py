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


def page_url(name: str) -> str:
    from newscrawl.replica.content import DEFAULT_SITE

    item_id = CASES.get(name, CASES["seed"])
    return BASE_URL + DEFAULT_SITE.article(item_id).path


def golden_output(name: str, body: bytes) -> dict[str, Any]:
    response = HtmlResponse(url=page_url(name), body=body)
    result = parse_article(response, PROFILE, crawled_at=FIXED_TIME)
    record = dataclasses.asdict(result.article)
    return {"article": {k: record[k] for k in FEED_FIELDS}, "sources": result.sources}
