"""What a crawler must know about one publisher, as data.

The spider, the parser and the pipelines read everything site-specific from a
``SiteProfile``; supporting a second site means writing a second profile module,
not editing the code that uses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Section:
    """A menu section whose listing is crawled for articles."""

    path: str
    language: str


@dataclass(frozen=True)
class FieldSelectors:
    """CSS selectors of the CMS's own templates: the first and most trusted source."""

    title: str
    intro: str
    fulltext: str
    published: str
    modified: str
    authors: str
    section: str
    tags: str
    image: str
    image_caption: str
    #: elements inside the body containers that are never article text
    body_noise: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListingSelectors:
    """Where a section listing keeps its article links, their dates and the next page."""

    entry: str
    entry_link: str
    entry_date: str
    next_page: str


@dataclass(frozen=True)
class SiteProfile:
    """Everything site-specific: URLs, selectors, dates and furniture."""

    name: str
    source: str
    default_base_url: str
    sections: tuple[Section, ...]
    #: feed paths relative to the base URL
    feeds: tuple[str, ...]
    #: matches the start of an article URL's *path* (``re.match``); defines the group ``id``
    article_path: re.Pattern[str]
    fields: FieldSelectors
    listing: ListingSelectors
    timezone: str
    #: dateparser language codes for the site's own date strings
    date_languages: tuple[str, ...]
    #: query parameters that never change the page (tracking, print view)
    ignored_query_params: tuple[str, ...] = ()
    #: a paragraph matching any of these (after normalization) is site furniture
    furniture_patterns: tuple[re.Pattern[str], ...] = ()
    #: promo-like text (``re.search``): a paragraph recurring in a few articles that
    #: matches one is learned as site furniture even below the share threshold
    promo_hints: tuple[re.Pattern[str], ...] = ()
    #: labels the templates print before author names ("Автор:")
    author_labels: tuple[str, ...] = ()
    extra_hosts: tuple[str, ...] = field(default=())

    @property
    def host(self) -> str:
        """The host of ``default_base_url`` (lower case)."""
        return (urlsplit(self.default_base_url).hostname or "").lower()

    @property
    def article_url(self) -> re.Pattern[str]:
        """``article_path`` for absolute URLs on any host (for sitemap rules)."""
        return re.compile(r"^https?://[^/?#]+" + self.article_path.pattern.removeprefix("^"))

    def article_id(self, path: str) -> str | None:
        """The CMS item id when ``path`` is an article path, else None."""
        match = self.article_path.match(path)
        return match.group("id") if match else None

    def section_language(self, path: str) -> str | None:
        """The language of the section a path lives under, if known."""
        for section in self.sections:
            if path == section.path or path.startswith(section.path + "/"):
                return section.language
        return None
