"""Page parsing: a pure function from an article response to an ``Article``.

Every field is taken from an ordered chain of sources: the CMS's own template
markup first (K2 classes), then JSON-LD, OpenGraph and <meta>, then a generic
fallback. ``ParseResult.sources`` says which link of the chain produced each field,
so the spider can count it and a template change on the site shows up in the stats
at once. Text comes out raw (entities decoded, whitespace as served); the
normalization pipeline cleans it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

from lxml import etree
from scrapy.http import TextResponse

from newscrawl.extraction.dates import parse_iso, parse_site_date
from newscrawl.extraction.document import parse_document
from newscrawl.extraction.metadata import (
    jsonld_article,
    jsonld_image_urls,
    jsonld_names,
    jsonld_text,
    page_metadata,
)
from newscrawl.extraction.paragraphs import paragraphs_of
from newscrawl.extraction.queries import in_document_order, query
from newscrawl.items import Article, Image
from newscrawl.sites.base import SiteProfile
from newscrawl.urls import article_id_of, strip_tracking

MISSING = "missing"
T = TypeVar("T")

#: containers tried, in order, when the CMS's own body markup is absent
GENERIC_BODY = ('[itemprop="articleBody"]', "article", "main", "#content", "body")
#: paragraphs of a generic container, except those in page chrome or inside a link (a
#: teaser card); not <form>: ASP.NET pages wrap the whole page in one
GENERIC_PARAGRAPHS = etree.XPath(
    ".//p[not(ancestor::footer or ancestor::nav or ancestor::aside or ancestor::a)]", regexp=False
)
_SRC = etree.XPath("@src", smart_strings=False, regexp=False)
_LANG = etree.XPath("/html/@lang", smart_strings=False, regexp=False)
_TIME = etree.XPath("//time/@datetime", smart_strings=False, regexp=False)
_BREADCRUMBS = ".breadcrumb a.pathway ::text, .breadcrumb a ::text"


@dataclass
class ParseResult:
    """The article and, per field, the name of the source that produced it."""

    article: Article
    sources: dict[str, str] = field(default_factory=dict)


def _first(
    name: str, chain: Iterable[tuple[str, Callable[[], T | None]]], sources: dict[str, str]
) -> T | None:
    """The first non-empty value of ``chain``; records its source under ``name``."""
    for source, produce in chain:
        value = produce()
        if value:
            sources[name] = source
            return value
    sources[name] = MISSING
    return None


def _first_of(values: list[str]) -> str | None:
    return values[0] if values else None


class _Page:
    """One response seen through one site profile: the field extractors."""

    def __init__(self, response: TextResponse, profile: SiteProfile) -> None:
        self.url = response.url
        self.profile = profile
        self.css = profile.fields
        self.document = parse_document(response)
        self.head = page_metadata(self.document.root)
        self.ld: dict[str, Any] = jsonld_article(self.head.scripts)
        self._selected: dict[str, list[Any]] = {}
        self._paragraphs: dict[tuple[etree._Element, tuple[str, ...]], list[str]] = {}

    def select(self, css: str) -> list[Any]:
        """What ``response.css(css)`` selected (see ``queries`` for the scoping)."""
        if css not in self._selected:
            self._selected[css] = query(css)(self.document)
        return self._selected[css]

    def select_any(self, *css: str) -> list[Any]:
        """``select(", ".join(css))``, from each selector's own (shared) result."""
        merged = in_document_order([self.select(one) for one in css])
        return merged if merged is not None else self.select(", ".join(css))

    def paragraphs(self, element: etree._Element, noise: tuple[str, ...]) -> list[str]:
        """``paragraphs_of``, once per element: the intro is both summary and body."""
        key = (element, noise)
        if key not in self._paragraphs:
            self._paragraphs[key] = paragraphs_of(element, noise)
        return self._paragraphs[key]

    def joined(self, elements: Iterable[etree._Element], noise: tuple[str, ...] = ()) -> str | None:
        """All text of the elements as one string, or None if there is none."""
        text = " ".join(p for element in elements for p in self.paragraphs(element, noise))
        return " ".join(text.split()) or None

    def meta(self, *keys: str) -> str | None:
        return self.head.meta(*keys)

    # -- identity -----------------------------------------------------------------
    def canonical_url(self) -> str | None:
        href = self.head.canonical
        if not href:
            return None
        url = urljoin(self.url, href.strip())
        return strip_tracking(url, self.profile) if article_id_of(url, self.profile) else None

    def og_url(self) -> str | None:
        url = self.meta("og:url") or jsonld_text(self.ld, "url")
        if url and article_id_of(url, self.profile):
            return strip_tracking(urljoin(self.url, url), self.profile)
        return None

    def response_url(self) -> str | None:
        return strip_tracking(self.url, self.profile)

    # -- text -----------------------------------------------------------------------
    def k2_title(self) -> str | None:
        return self.joined(self.select(self.css.title), (".itemEditLink", "sup"))

    def k2_body(self) -> list[str]:
        noise = self.css.body_noise
        return [
            paragraph
            for container in self.select_any(self.css.intro, self.css.fulltext)
            for paragraph in self.paragraphs(container, noise)
        ]

    def generic_body(self) -> list[str]:
        """The <p> text of the first kind of container that has any, taking the match
        with the most text (a listing of teaser <article>s must not win over the story),
        without paragraphs in page chrome (footer, nav, aside) or in teaser links."""
        for css in GENERIC_BODY:
            candidates = (
                [t for p in GENERIC_PARAGRAPHS(container) for t in paragraphs_of(p)]
                for container in self.select(css)
            )
            best = max(candidates, key=lambda ps: sum(map(len, ps)), default=[])
            if best:
                return best
        return []

    def generic_title(self) -> str | None:
        """The page's first <h1>, else its <title> (joining both repeats the headline)."""
        return self.joined(self.select("h1")[:1]) or self.joined(self.select("title"))

    def k2_intro(self) -> str | None:
        return self.joined(self.select(self.css.intro), self.css.body_noise)

    # -- people, places, labels ---------------------------------------------------------
    def k2_authors(self) -> list[str]:
        block = self.select(self.css.authors)
        texts = query("a ::text").under(block)
        names = [" ".join(a.split()) for a in texts if a.strip()]
        if names:
            return names
        text = self.joined(block) or ""
        for label in self.profile.author_labels:
            text = text.removeprefix(label).lstrip(" :")
        return [name.strip() for name in text.split(",") if name.strip()]

    def k2_tags(self) -> list[str]:
        return [t for t in (self.joined([a]) for a in self.select(self.css.tags)) if t]

    def keyword_tags(self) -> list[str]:
        keywords = self.meta("keywords", "news_keywords") or ""
        return [k.strip() for k in keywords.split(",") if k.strip()]

    def breadcrumb_section(self) -> str | None:
        crumbs = [" ".join(c.split()) for c in self.select(_BREADCRUMBS) if c.strip()]
        return crumbs[-1] if len(crumbs) > 1 else None

    def k2_images(self) -> list[Image]:
        """The caption is looked for only when there is an image to give it to."""
        sources = [src for image in self.select(self.css.image) for src in _SRC(image)]
        if not sources:
            return []
        caption = self.joined(self.select(self.css.image_caption))
        return [{"url": urljoin(self.url, src.strip()), "caption": caption} for src in sources]

    def meta_images(self) -> list[Image]:
        url = self.meta("og:image", "twitter:image")
        urls = [url] if url else jsonld_image_urls(self.ld.get("image"))[:1]
        return [{"url": urljoin(self.url, u), "caption": None} for u in urls]

    # -- dates ----------------------------------------------------------------------
    def _ld_date(self, key: str) -> str | None:
        value = jsonld_text(self.ld, key)
        return parse_iso(value, self.profile.timezone) if value else None

    def _k2_date(self, css: str) -> str | None:
        text = self.joined(self.select(css))
        if not text:
            return None
        return parse_site_date(text, self.profile.timezone, self.profile.date_languages)

    def _meta_date(self, *keys: str) -> str | None:
        value = self.meta(*keys)
        return parse_iso(value, self.profile.timezone) if value else None

    def published(self, sources: dict[str, str]) -> str | None:
        return _first(
            "published",
            [
                ("jsonld", lambda: self._ld_date("datePublished")),
                ("k2", lambda: self._k2_date(self.css.published)),
                ("meta", lambda: self._meta_date("article:published_time", "pubdate")),
                ("generic", lambda: self._time_element()),
            ],
            sources,
        )

    def _time_element(self) -> str | None:
        value = _first_of(_TIME(self.document.root))
        return parse_iso(value, self.profile.timezone) if value else None

    def modified(self, sources: dict[str, str], published: str | None) -> str | None:
        """K2's JSON-LD repeats the creation date in dateModified when the item was never
        edited, so a date equal to ``published`` means "never modified"; K2 prints
        span.itemDateModified only for edited items (to the minute)."""

        def ld_modified() -> str | None:
            value = self._ld_date("dateModified")
            return value if value != published else None

        return _first(
            "modified",
            [
                ("jsonld", ld_modified),
                ("k2", lambda: self._k2_date(self.css.modified)),
                ("meta", lambda: self._meta_date("article:modified_time", "og:updated_time")),
            ],
            sources,
        )

    def language(self) -> str | None:
        lang = _first_of(_LANG(self.document.root)) or ""
        return lang.strip().lower().split("-")[0].split("_")[0] or None

    def og_language(self) -> str | None:
        locale = self.meta("og:locale") or ""
        return locale.lower().split("_")[0] or None


def parse_article(
    response: TextResponse, profile: SiteProfile, crawled_at: datetime | None = None
) -> ParseResult:
    """Extract one article from an article page. Pure: no I/O, no crawler state."""
    page = _Page(response, profile)
    src: dict[str, str] = {}
    url = _first(
        "url",
        [("canonical", page.canonical_url), ("og", page.og_url), ("response", page.response_url)],
        src,
    )
    url = url or response.url
    article_id = _first(
        "article_id",
        [
            ("url", lambda: article_id_of(url, profile)),
            ("response", lambda: article_id_of(response.url, profile)),
        ],
        src,
    )
    title = _first(
        "title",
        [
            ("k2", page.k2_title),
            ("jsonld", lambda: jsonld_text(page.ld, "headline")),
            ("og", lambda: page.meta("og:title", "twitter:title")),
            ("generic", page.generic_title),
        ],
        src,
    )
    body = _first(
        "body",
        [
            ("k2", page.k2_body),
            ("generic", page.generic_body),
            ("jsonld", lambda: [t] if (t := jsonld_text(page.ld, "articleBody")) else None),
        ],
        src,
    )
    summary = _first(
        "summary",
        [
            ("k2", page.k2_intro),
            ("jsonld", lambda: jsonld_text(page.ld, "description")),
            ("meta", lambda: page.meta("og:description", "description")),
        ],
        src,
    )
    authors = _first(
        "authors",
        [
            ("k2", page.k2_authors),
            ("jsonld", lambda: jsonld_names(page.ld.get("author"))),
            ("meta", lambda: [a] if (a := page.meta("author")) else None),
        ],
        src,
    )
    section = _first(
        "section",
        [
            ("k2", lambda: page.joined(page.select(profile.fields.section))),
            ("breadcrumbs", page.breadcrumb_section),
            ("meta", lambda: page.meta("article:section")),
        ],
        src,
    )
    tags = _first(
        "tags",
        [("k2", page.k2_tags), ("meta", page.keyword_tags)],
        src,
    )
    images = _first("images", [("k2", page.k2_images), ("meta", page.meta_images)], src)
    language = _first(
        "language",
        [
            ("section", lambda: profile.section_language(_path(url))),
            ("html", page.language),
            ("og", page.og_language),
        ],
        src,
    )
    published = page.published(src)
    article = Article(
        url=url,
        article_id=article_id or "",
        source=profile.source,
        title=title or "",
        body=list(body or []),
        summary=summary,
        published=published,
        modified=page.modified(src, published),
        authors=list(authors or []),
        section=section,
        tags=list(tags or []),
        images=list(images or []),
        language=language,
        crawled_at=(crawled_at or datetime.now(UTC)).isoformat(timespec="seconds"),
    )
    return ParseResult(article, src)


def _path(url: str) -> str:
    return urlsplit(url).path
