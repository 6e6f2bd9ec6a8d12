"""Which article a page is: its URL, its id, its language.

These fields decide deduplication and the feed's key, so each comes from the most
authoritative source that is still an article of the site: the canonical link
before og:url before the URL fetched (a canonical pointing at a listing or another
host is ignored), the id from the chosen URL before the fetched one, the section's
language before the page's ``lang`` before og:locale.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml import etree

from newscrawl.extraction.chains import first
from newscrawl.extraction.page import Page
from newscrawl.urls import article_id_of, strip_tracking

_LANG = etree.XPath("/html/@lang", smart_strings=False, regexp=False)


def url_field(page: Page, sources: dict[str, str]) -> str:
    """The article's URL, without tracking parameters; the fetched URL when no
    source names one."""
    url = first(
        "url",
        [
            ("canonical", lambda: _canonical_url(page)),
            ("og", lambda: _og_url(page)),
            ("response", lambda: _response_url(page)),
        ],
        sources,
    )
    return url or page.url


def article_id_field(page: Page, url: str, sources: dict[str, str]) -> str | None:
    return first(
        "article_id",
        [
            ("url", lambda: article_id_of(url, page.profile)),
            ("response", lambda: article_id_of(page.url, page.profile)),
        ],
        sources,
    )


def language_field(page: Page, url: str, sources: dict[str, str]) -> str | None:
    return first(
        "language",
        [
            ("section", lambda: page.profile.section_language(urlsplit(url).path)),
            ("html", lambda: _html_language(page)),
            ("og", lambda: _og_language(page)),
        ],
        sources,
    )


def _canonical_url(page: Page) -> str | None:
    href = page.head.canonical
    if not href:
        return None
    url = urljoin(page.url, href.strip())
    return strip_tracking(url, page.profile) if _is_article_url(page, url) else None


def _og_url(page: Page) -> str | None:
    url = page.meta("og:url") or page.ld_text("url")
    if url and _is_article_url(page, urljoin(page.url, url)):
        return strip_tracking(urljoin(page.url, url), page.profile)
    return None


def _is_article_url(page: Page, url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and page.profile.is_article_path(parts.path)


def _response_url(page: Page) -> str | None:
    return strip_tracking(page.url, page.profile)


def _html_language(page: Page) -> str | None:
    values = _LANG(page.document.root)
    lang = (values[0] if values else None) or ""
    return lang.strip().lower().split("-")[0].split("_")[0] or None


def _og_language(page: Page) -> str | None:
    locale = page.meta("og:locale") or ""
    return locale.lower().split("_")[0] or None
