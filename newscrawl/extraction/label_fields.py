"""What the article is filed under and who made it: authors, section, tags, images.

These are short lists a page states in several places at once (the profile's
elements, JSON-LD, <meta>, a breadcrumb trail, ``rel=tag`` links, a byline near the
headline); each chain takes the first place that names any, so an item is never a
merge of two sources that disagree.
"""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree

from newscrawl.extraction.article_header import AUTHOR_LABELS, byline_names
from newscrawl.extraction.chains import PROFILE, first
from newscrawl.extraction.metadata import jsonld_image_urls, jsonld_names
from newscrawl.extraction.page import Page
from newscrawl.extraction.queries import query
from newscrawl.items import Image

_SRC = etree.XPath("@src", smart_strings=False, regexp=False)
#: a breadcrumb trail, where the profile names none
_BREADCRUMBS = ".breadcrumb a ::text, .breadcrumbs a ::text, [itemtype*=BreadcrumbList] a ::text"


def authors_field(page: Page, sources: dict[str, str]) -> list[str] | None:
    return first(
        "authors",
        [
            (PROFILE, lambda: _profile_authors(page)),
            ("jsonld", lambda: [page.unescape(n) for n in jsonld_names(page.ld.get("author"))]),
            ("meta", lambda: [a] if (a := page.meta("author")) else None),
            ("generic", lambda: _byline(page)),
        ],
        sources,
    )


def section_field(page: Page, sources: dict[str, str]) -> str | None:
    fields = page.profile.fields
    return first(
        "section",
        [
            (PROFILE, lambda: page.profile_text(fields and fields.section)),
            ("breadcrumbs", lambda: _breadcrumb_section(page)),
            ("jsonld", lambda: _ld_section(page)),
            ("meta", lambda: page.meta("article:section")),
        ],
        sources,
    )


def tags_field(page: Page, sources: dict[str, str]) -> list[str] | None:
    return first(
        "tags",
        [
            (PROFILE, lambda: _profile_tags(page)),
            ("meta", lambda: _keyword_tags(page)),
            ("jsonld", lambda: _ld_tags(page)),
            ("generic", lambda: _rel_tags(page)),
        ],
        sources,
    )


def images_field(page: Page, sources: dict[str, str]) -> list[Image] | None:
    return first(
        "images",
        [(PROFILE, lambda: _profile_images(page)), ("meta", lambda: _meta_images(page))],
        sources,
    )


def _profile_authors(page: Page) -> list[str]:
    if page.css is None:
        return []
    block = page.select(page.css.authors)
    texts = query("a ::text").under(block)
    names = [" ".join(a.split()) for a in texts if a.strip()]
    if names:
        return names
    text = page.joined(block) or ""
    for label in page.profile.author_labels:
        text = text.removeprefix(label).lstrip(" :")
    return [name.strip() for name in text.split(",") if name.strip()]


def _byline(page: Page) -> list[str]:
    """The names of a byline near the headline ("Автор: ...", "By ..."), when the
    profile's element and the metadata name nobody."""
    labels = (*page.profile.author_labels, *AUTHOR_LABELS)
    for text in page.content().header_texts(page.title):
        names = byline_names(text, labels)
        if names:
            return names
    return []


def _breadcrumb_section(page: Page) -> str | None:
    css = (page.css and page.css.breadcrumbs) or _BREADCRUMBS
    crumbs = [" ".join(c.split()) for c in page.select(css) if c.strip()]
    return crumbs[-1] if len(crumbs) > 1 else None


def _ld_section(page: Page) -> str | None:
    value = page.ld_text("articleSection")
    return page.profile.hooks.metadata_section(value) if value else None


def _profile_tags(page: Page) -> list[str]:
    if page.css is None:
        return []
    return [t for t in (page.joined([a]) for a in page.select(page.css.tags)) if t]


def _keyword_tags(page: Page) -> list[str]:
    keywords = page.meta("keywords", "news_keywords") or ""
    return [k.strip() for k in keywords.split(",") if k.strip()]


def _ld_tags(page: Page) -> list[str]:
    keywords = page.ld.get("keywords")
    if isinstance(keywords, list):
        return [page.unescape(k.strip()) for k in keywords if isinstance(k, str) and k.strip()]
    text = page.ld_text("keywords") or ""
    return [k.strip() for k in text.split(",") if k.strip()]


def _rel_tags(page: Page) -> list[str]:
    """Links the page marks as the article's tags (``rel="tag"``)."""
    return [t for t in (page.joined([a]) for a in page.select('a[rel~="tag"]')) if t]


def _profile_images(page: Page) -> list[Image]:
    """The caption is looked for only when there is an image to give it to."""
    if page.css is None:
        return []
    sources = [src for image in page.select(page.css.image) for src in _SRC(image)]
    if not sources:
        return []
    caption = page.joined(page.select(page.css.image_caption))
    return [{"url": urljoin(page.url, src.strip()), "caption": caption} for src in sources]


def _meta_images(page: Page) -> list[Image]:
    url = page.meta("og:image", "twitter:image")
    urls = [url] if url else jsonld_image_urls(page.ld.get("image"))[:1]
    return [{"url": urljoin(page.url, u), "caption": None} for u in urls]
