"""One page to one feed record, offline: the crawl's parser and text stages.

The item pipelines that judge an article on its own run here exactly as in a crawl,
each built by its own ``from_crawler`` on a crawler that is never started (normalize,
deduplicate, drop furniture), then the content fingerprint as the feed computes it;
the steps that need a whole crawl (site furniture learned across articles, the
incremental state, duplicates across pages) do not run. What validation would drop
an article for is reported as ``problems``, from the same list of required fields.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from scrapy.utils.test import get_crawler

from newscrawl.cli.pages import Page
from newscrawl.extraction.article import parse_article
from newscrawl.feed.revisions import content_fingerprint
from newscrawl.items import FEED_FIELDS, Article
from newscrawl.pipelines.validate import REQUIRED
from newscrawl.sites import GENERIC, profile_for_host, profile_named
from newscrawl.sites.base import SiteProfile

#: the item pipelines that need no more than the article itself, by class name
TEXT_STAGES = frozenset(
    {
        "NormalizeTextPipeline",
        "DeduplicateParagraphsPipeline",
        "DropFurniturePipeline",
    }
)
#: a page must show at least one HTML tag near its start
_HTML_TAG = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|title|meta|p|div|article|main|br|span|table|h[1-6])\b",
    re.IGNORECASE,
)
_SNIFF_CHARS = 100_000
#: share of undecodable characters above which a declared encoding is wrong
_MAX_REPLACED = 0.005
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class BadPage(ValueError):
    """The input is not a page the parser can read (the message says why)."""


@dataclass
class Outcome:
    """What became of one page: a record, or the reason it gave none."""

    id: str
    origin: str
    record: dict[str, Any] | None = None
    sources: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    error: str | None = None


class Extractor:
    """Parser and text stages per site profile, built once per process."""

    def __init__(self, site: str | None = None) -> None:
        self.site = profile_named(site) if site else None
        self._stages: dict[str, list[Any]] = {}

    def profile_for(self, url: str) -> SiteProfile:
        """``--site``, else the profile of the page's host, else the generic one."""
        if self.site is not None:
            return self.site
        return profile_for_host(urlsplit(url).hostname or "") or GENERIC

    def stages(self, profile: SiteProfile) -> list[Any]:
        if profile.name not in self._stages:
            self._stages[profile.name] = _text_stages(profile)
        return self._stages[profile.name]

    def extract(self, page: Page) -> Outcome:
        outcome = Outcome(page.id, page.origin)
        try:
            response = _response(page)
        except BadPage as error:
            outcome.error = str(error)
            return outcome
        profile = self.profile_for(page.url)
        result = parse_article(response, profile, crawled_at=datetime.now(UTC))
        item, outcome.sources = result.article, result.sources
        for stage in self.stages(profile):
            item = stage.process_item(item)
        item.fingerprint = content_fingerprint(item.title, item.body)
        outcome.record = _record(item)
        outcome.problems = [f"missing_{name}" for name in REQUIRED if not getattr(item, name)]
        return outcome


def _text_stages(profile: SiteProfile) -> list[Any]:
    """The project's text stages in pipeline order, each from its ``from_crawler``, on a
    crawler of ``profile`` that is never started."""
    settings = get_project_settings()
    if not is_reactor_installed():  # building a Crawler checks for the configured reactor
        install_reactor(settings["TWISTED_REACTOR"])
    settings.set("NEWSCRAWL_SITE", profile.name)
    crawler = get_crawler(settings_dict=settings.copy_to_dict())  # Scrapy's DefaultSpider
    order = sorted(settings.getdict("ITEM_PIPELINES").items(), key=lambda kv: kv[1])
    paths = [path for path, _ in order if path.rsplit(".", 1)[-1] in TEXT_STAGES]
    return [load_object(path).from_crawler(crawler) for path in paths]


def _response(page: Page) -> HtmlResponse:
    """The page as the crawl would have received it; BadPage when it is not one."""
    body = page.body
    if not body.strip():
        raise BadPage("empty file")
    if b"\x00" in body[:8192] and not body.startswith(_UTF16_BOMS):
        raise BadPage("binary file, not a page")
    if page.encoding is not None:
        _check_encoding(body, page.encoding)
        response = HtmlResponse(page.url, body=body, encoding=page.encoding)
    else:
        response = HtmlResponse(page.url, body=body)
    if not _HTML_TAG.search(response.text[:_SNIFF_CHARS]):
        raise BadPage("not HTML (no HTML tag in it)")
    return response


def _check_encoding(body: bytes, encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise BadPage(f"unknown encoding {encoding!r}") from None
    text = body.decode(encoding, errors="replace")
    replaced = text.count("\ufffd") - body.decode(encoding, errors="ignore").count("\ufffd")
    if replaced > max(1, _MAX_REPLACED * len(text)):
        raise BadPage(f"not decodable as {encoding} ({replaced} bad characters)")


def _record(item: Article) -> dict[str, Any]:
    fields = dataclasses.asdict(item)
    return {name: fields[name] for name in FEED_FIELDS}


def empty_record() -> dict[str, Any]:
    """A record of nulls, for a manifest line whose page could not be read."""
    return dict.fromkeys(FEED_FIELDS)
