"""Page parsing: a pure function from an article response to an ``Article``.

Every field is taken from an ordered chain of sources: the markup the site's profile
describes first (``profile``), then JSON-LD (``jsonld``), OpenGraph (``og``) and
<meta> (``meta``), then what the page shows to a reader (``generic``: the scored
content container, a date near the headline, a generic date finder).
``ParseResult.sources`` says which link of the chain produced each field, so the
spider can count it and a template change on the site shows up in the stats at once.
Nothing here names a site or a CMS: that is the profile's and its platform's.
Text comes out raw (entities decoded, whitespace as served); the normalization
pipeline cleans it.

This module runs the chains in their order and builds the item; the chains live with
their field group (``identity_fields``, ``text_fields``, ``label_fields``,
``date_fields``), over one parsed ``Page``. The order matters: the date and the
byline are looked for near the headline the title chain found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from scrapy.http import TextResponse

from newscrawl.extraction.date_fields import modified_field, published_field
from newscrawl.extraction.identity_fields import article_id_field, language_field, url_field
from newscrawl.extraction.label_fields import (
    authors_field,
    images_field,
    section_field,
    tags_field,
)
from newscrawl.extraction.page import Page
from newscrawl.extraction.text_fields import body_field, summary_field, title_field
from newscrawl.items import Article
from newscrawl.sites.base import SiteProfile


@dataclass
class ParseResult:
    """The article and, per field, the name of the source that produced it."""

    article: Article
    sources: dict[str, str] = field(default_factory=dict)


def parse_article(
    response: TextResponse, profile: SiteProfile, crawled_at: datetime | None = None
) -> ParseResult:
    """Extract one article from an article page. Pure: no I/O, no crawler state."""
    page = Page(response, profile)
    src: dict[str, str] = {}
    url = url_field(page, src)
    article_id = article_id_field(page, url, src)
    title = title_field(page, src)
    page.title = title
    body = body_field(page, src)
    summary = summary_field(page, src)
    authors = authors_field(page, src)
    section = section_field(page, src)
    tags = tags_field(page, src)
    images = images_field(page, src)
    language = language_field(page, url, src)
    published = published_field(page, src)
    article = Article(
        url=url,
        article_id=article_id or "",
        source=profile.source or _site_of(url),
        title=title or "",
        body=list(body or []),
        summary=summary,
        published=published,
        modified=modified_field(page, src, published),
        authors=list(authors or []),
        section=section,
        tags=list(tags or []),
        images=list(images or []),
        language=language,
        crawled_at=(crawled_at or datetime.now(UTC)).isoformat(timespec="seconds"),
    )
    profile.hooks.finish(article)
    return ParseResult(article, src)


def _site_of(url: str) -> str:
    """The publisher's domain of a page no profile names: its host without ``www.``."""
    return (urlsplit(url).hostname or "").removeprefix("www.")
