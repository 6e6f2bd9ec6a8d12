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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

from lxml import etree
from scrapy.http import TextResponse

from newscrawl.extraction import generic
from newscrawl.extraction.dates import parse_iso
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
from newscrawl.extraction.titles import headline
from newscrawl.items import Article, Image
from newscrawl.sites.base import FieldSelectors, SiteProfile
from newscrawl.urls import article_id_of, strip_tracking

MISSING = "missing"
PROFILE = "profile"
T = TypeVar("T")

_SRC = etree.XPath("@src", smart_strings=False, regexp=False)
_LANG = etree.XPath("/html/@lang", smart_strings=False, regexp=False)
#: a breadcrumb trail, where the profile names none
_BREADCRUMBS = ".breadcrumb a ::text, .breadcrumbs a ::text, [itemtype*=BreadcrumbList] a ::text"


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
        self.css: FieldSelectors | None = profile.fields
        self.unescape = profile.hooks.unescape_metadata
        self.document = parse_document(response)
        self.head = page_metadata(self.document.root)
        self.ld: dict[str, Any] = jsonld_article(self.head.scripts)
        self._content: generic.Content | None = None
        #: the headline once its chain has run: the date is looked for near it
        self.title: str | None = None
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
        value = self.head.meta(*keys)
        return self.unescape(value) if value is not None else None

    def ld_text(self, key: str) -> str | None:
        value = jsonld_text(self.ld, key)
        return self.unescape(value) if value is not None else None

    def content(self) -> generic.Content:
        """The generic path's reading of the page, made once and only when asked for."""
        if self._content is None:
            self._content = generic.read_content(self.document.root, self.ld_text("articleBody"))
        return self._content

    # -- identity -----------------------------------------------------------------
    def canonical_url(self) -> str | None:
        href = self.head.canonical
        if not href:
            return None
        url = urljoin(self.url, href.strip())
        return strip_tracking(url, self.profile) if self._is_article_url(url) else None

    def og_url(self) -> str | None:
        url = self.meta("og:url") or self.ld_text("url")
        if url and self._is_article_url(urljoin(self.url, url)):
            return strip_tracking(urljoin(self.url, url), self.profile)
        return None

    def _is_article_url(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and self.profile.is_article_path(parts.path)

    def response_url(self) -> str | None:
        return strip_tracking(self.url, self.profile)

    # -- the profile's markup -----------------------------------------------------------
    def profile_text(self, css: str | None, noise: tuple[str, ...] = ()) -> str | None:
        return self.joined(self.select(css), noise) if css else None

    def profile_title(self) -> str | None:
        return self.profile_text(self.css and self.css.title, self.css and self.css.title_noise)

    def profile_body(self) -> list[str]:
        if self.css is None:
            return []
        noise = self.css.body_noise
        return [
            paragraph
            for container in self.select_any(self.css.intro, self.css.fulltext)
            for paragraph in self.paragraphs(container, noise)
        ]

    def profile_intro(self) -> str | None:
        return self.profile_text(self.css and self.css.intro, self.css and self.css.body_noise)

    def profile_authors(self) -> list[str]:
        if self.css is None:
            return []
        block = self.select(self.css.authors)
        texts = query("a ::text").under(block)
        names = [" ".join(a.split()) for a in texts if a.strip()]
        if names:
            return names
        text = self.joined(block) or ""
        for label in self.profile.author_labels:
            text = text.removeprefix(label).lstrip(" :")
        return [name.strip() for name in text.split(",") if name.strip()]

    def profile_tags(self) -> list[str]:
        if self.css is None:
            return []
        return [t for t in (self.joined([a]) for a in self.select(self.css.tags)) if t]

    def profile_images(self) -> list[Image]:
        """The caption is looked for only when there is an image to give it to."""
        if self.css is None:
            return []
        sources = [src for image in self.select(self.css.image) for src in _SRC(image)]
        if not sources:
            return []
        caption = self.joined(self.select(self.css.image_caption))
        return [{"url": urljoin(self.url, src.strip()), "caption": caption} for src in sources]

    # -- metadata and what the page shows ------------------------------------------------
    def ld_body(self) -> list[str]:
        """JSON-LD ``articleBody`` when the page's own text agrees with it."""
        return self.content().ld_body

    def generic_body(self) -> list[str]:
        return self.content().paragraphs

    def headings(self) -> list[str]:
        return [t for t in (self.joined([h]) for h in self.select("h1, h2")[:12]) if t]

    def cleaned_title(self, value: str | None) -> str | None:
        """A metadata or <title> value without the site's name glued to it."""
        host = urlsplit(self.url).hostname or ""
        return headline(value, self.headings(), self.meta("og:site_name"), host)

    def generic_title(self) -> str | None:
        """The heading the <title> also carries, else the <title> without the site's
        name, else the first <h1>."""
        title = self.joined(self.select("title"))
        return self.cleaned_title(title) or self.joined(self.select("h1")[:1])

    def keyword_tags(self) -> list[str]:
        keywords = self.meta("keywords", "news_keywords") or ""
        return [k.strip() for k in keywords.split(",") if k.strip()]

    def ld_tags(self) -> list[str]:
        keywords = self.ld.get("keywords")
        if isinstance(keywords, list):
            return [self.unescape(k.strip()) for k in keywords if isinstance(k, str) and k.strip()]
        text = self.ld_text("keywords") or ""
        return [k.strip() for k in text.split(",") if k.strip()]

    def breadcrumb_section(self) -> str | None:
        css = (self.css and self.css.breadcrumbs) or _BREADCRUMBS
        crumbs = [" ".join(c.split()) for c in self.select(css) if c.strip()]
        return crumbs[-1] if len(crumbs) > 1 else None

    def ld_section(self) -> str | None:
        value = self.ld_text("articleSection")
        return self.profile.hooks.metadata_section(value) if value else None

    def meta_images(self) -> list[Image]:
        url = self.meta("og:image", "twitter:image")
        urls = [url] if url else jsonld_image_urls(self.ld.get("image"))[:1]
        return [{"url": urljoin(self.url, u), "caption": None} for u in urls]

    # -- dates ----------------------------------------------------------------------
    def _ld_date(self, key: str) -> str | None:
        value = jsonld_text(self.ld, key)
        return parse_iso(value, self.profile.timezone) if value else None

    def _profile_date(self, css: str | None) -> str | None:
        text = self.profile_text(css)
        return self.profile.parse_date(text) if text else None

    def _meta_date(self, *keys: str) -> str | None:
        value = self.head.meta(*keys)
        return parse_iso(value, self.profile.timezone) if value else None

    def header_date(self) -> str | None:
        """A date in the site's own format where an article header is: near the headline,
        before the body (what the profile's date element was, before a redesign)."""
        for text in self.content().header_texts(self.title):
            found = parse_iso(text, self.profile.timezone) or self.profile.parse_date(text)
            if found:
                return found
        return None

    def byline(self) -> list[str]:
        """The names of a byline near the headline ("Автор: ...", "By ..."), when the
        profile's element and the metadata name nobody."""
        labels = (*self.profile.author_labels, *generic.AUTHOR_LABELS)
        for text in self.content().header_texts(self.title):
            names = generic.byline_names(text, labels)
            if names:
                return names
        return []

    def rel_tags(self) -> list[str]:
        """Links the page marks as the article's tags (``rel="tag"``)."""
        return [t for t in (self.joined([a]) for a in self.select('a[rel~="tag"]')) if t]

    def published(self, sources: dict[str, str]) -> str | None:
        return _first(
            "published",
            [
                ("jsonld", lambda: self._ld_date("datePublished")),
                (PROFILE, lambda: self._profile_date(self.css and self.css.published)),
                ("generic", self.header_date),
                ("meta", lambda: self._meta_date(*generic.PUBLISHED_META)),
                ("generic", self.time_element),
                ("generic", self.found_date),
            ],
            sources,
        )

    def time_element(self) -> str | None:
        value = self.content().time_value()
        return parse_iso(value, self.profile.timezone) if value else None

    def found_date(self) -> str | None:
        """htmldate's reading of the page (the day only), at midnight in the site's zone."""
        day = generic.find_day(self.document.root, self.url)
        return parse_iso(day, self.profile.timezone) if day else None

    def modified(self, sources: dict[str, str], published: str | None) -> str | None:
        """A modification equal to the publication is none: some CMSs (K2) repeat the
        creation date in dateModified when an item was never edited."""

        def ld_modified() -> str | None:
            value = self._ld_date("dateModified")
            return value if value != published else None

        return _first(
            "modified",
            [
                ("jsonld", ld_modified),
                (PROFILE, lambda: self._profile_date(self.css and self.css.modified)),
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
            (PROFILE, page.profile_title),
            ("jsonld", lambda: page.ld_text("headline")),
            ("og", lambda: page.cleaned_title(page.meta("og:title", "twitter:title"))),
            ("generic", page.generic_title),
        ],
        src,
    )
    page.title = title
    body = _first(
        "body",
        [(PROFILE, page.profile_body), ("jsonld", page.ld_body), ("generic", page.generic_body)],
        src,
    )
    summary = _first(
        "summary",
        [
            (PROFILE, page.profile_intro),
            ("jsonld", lambda: page.ld_text("description")),
            ("meta", lambda: page.meta("og:description", "description")),
        ],
        src,
    )
    authors = _first(
        "authors",
        [
            (PROFILE, page.profile_authors),
            ("jsonld", lambda: [page.unescape(n) for n in jsonld_names(page.ld.get("author"))]),
            ("meta", lambda: [a] if (a := page.meta("author")) else None),
            ("generic", page.byline),
        ],
        src,
    )
    section = _first(
        "section",
        [
            (PROFILE, lambda: page.profile_text(profile.fields and profile.fields.section)),
            ("breadcrumbs", page.breadcrumb_section),
            ("jsonld", page.ld_section),
            ("meta", lambda: page.meta("article:section")),
        ],
        src,
    )
    tags = _first(
        "tags",
        [
            (PROFILE, page.profile_tags),
            ("meta", page.keyword_tags),
            ("jsonld", page.ld_tags),
            ("generic", page.rel_tags),
        ],
        src,
    )
    images = _first("images", [(PROFILE, page.profile_images), ("meta", page.meta_images)], src)
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
        source=profile.source or _site_of(url),
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
    profile.hooks.finish(article)
    return ParseResult(article, src)


def _path(url: str) -> str:
    return urlsplit(url).path


def _site_of(url: str) -> str:
    """The publisher's domain of a page no profile names: its host without ``www.``."""
    return (urlsplit(url).hostname or "").removeprefix("www.")
