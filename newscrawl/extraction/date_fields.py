"""When the article was published and last modified.

Dates are where a redesign hurts first and silently (a wrong date sorts an article
out of every feed), so the published date has the longest chain: JSON-LD, the
profile's element, a date near the headline in the site's own format, <meta>, a
``<time>`` in the article, and last htmldate's reading of the page. Every value is an
ISO timestamp in the site's time zone.
"""

from __future__ import annotations

from newscrawl.extraction import generic
from newscrawl.extraction.chains import PROFILE, first
from newscrawl.extraction.dates import parse_iso
from newscrawl.extraction.metadata import jsonld_text
from newscrawl.extraction.page import Page

#: the page's publication date in <meta>, most specific first
PUBLISHED_META = (
    "article:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "datePublished",
    "date",
    "DC.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)


def published_field(page: Page, sources: dict[str, str]) -> str | None:
    css = page.css
    return first(
        "published",
        [
            ("jsonld", lambda: _ld_date(page, "datePublished")),
            (PROFILE, lambda: _profile_date(page, css and css.published)),
            ("generic", lambda: _header_date(page)),
            ("meta", lambda: _meta_date(page, *PUBLISHED_META)),
            ("generic", lambda: _time_element(page)),
            ("generic", lambda: _found_date(page)),
        ],
        sources,
    )


def modified_field(page: Page, sources: dict[str, str], published: str | None) -> str | None:
    """A modification equal to the publication is none: some CMSs (K2) repeat the
    creation date in dateModified when an item was never edited."""

    def ld_modified() -> str | None:
        value = _ld_date(page, "dateModified")
        return value if value != published else None

    css = page.css
    return first(
        "modified",
        [
            ("jsonld", ld_modified),
            (PROFILE, lambda: _profile_date(page, css and css.modified)),
            ("meta", lambda: _meta_date(page, "article:modified_time", "og:updated_time")),
        ],
        sources,
    )


def _ld_date(page: Page, key: str) -> str | None:
    value = jsonld_text(page.ld, key)
    return parse_iso(value, page.profile.timezone) if value else None


def _profile_date(page: Page, css: str | None) -> str | None:
    text = page.profile_text(css)
    return page.profile.parse_date(text) if text else None


def _meta_date(page: Page, *keys: str) -> str | None:
    value = page.head.meta(*keys)
    return parse_iso(value, page.profile.timezone) if value else None


def _header_date(page: Page) -> str | None:
    """A date in the site's own format where an article header is: near the headline,
    before the body (what the profile's date element was, before a redesign)."""
    for text in page.content().header_texts(page.title):
        found = parse_iso(text, page.profile.timezone) or page.profile.parse_date(text)
        if found:
            return found
    return None


def _time_element(page: Page) -> str | None:
    value = page.content().time_value()
    return parse_iso(value, page.profile.timezone) if value else None


def _found_date(page: Page) -> str | None:
    """htmldate's reading of the page (the day only), at midnight in the site's zone."""
    day = generic.find_day(page.document.root, page.url)
    return parse_iso(day, page.profile.timezone) if day else None
