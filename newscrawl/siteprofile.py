"""What a crawler must know about one publisher: data, and code where data won't do.

The spider, the parser and the pipelines read everything site-specific from a
``SiteProfile``; supporting a second site means writing a second profile module,
not editing the code that uses it. What a whole CMS renders the same way on every
site (K2's item classes, its date strings) lives in a platform module
(``newscrawl.platforms``) that profiles build on; a profile may also carry code
(``SiteHooks``), as Fundus's per-publisher parsers do.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newscrawl.extraction.dates import parse_site_date

if TYPE_CHECKING:
    from newscrawl.items import Article

_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)


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
    #: elements inside the title that are not part of it (an edit link, a "Featured" mark)
    title_noise: tuple[str, ...] = ()
    #: links of the page's breadcrumb trail; the last before the title names the section
    breadcrumbs: str = ""


@dataclass(frozen=True)
class ListingSelectors:
    """Where a section listing keeps its article links, their dates and the next page."""

    entry: str
    entry_link: str
    entry_date: str
    next_page: str
    #: the link to the last page, whose offset tells how deep the listing goes
    last_page: str = ""
    #: the query parameter that holds a page's offset in the listing (``?start=28``)
    offset_param: str = "start"


class SiteHooks:
    """Code a profile may carry where selectors and patterns are not enough. Every
    method's default is what a site without quirks needs; a platform or a profile
    overrides only what its pages do differently."""

    def unescape_metadata(self, value: str) -> str:
        """A <meta> or JSON-LD string as the editor typed it: an entity left in it
        (``&quot;``) was escaped once too often, by the CMS or by its SEO plugin."""
        return html.unescape(value) if _ENTITY.search(value) else value

    def site_datetime(self, core: str, languages: tuple[str, ...]) -> datetime | None:
        """A fast reading of a date string in the site's own format ("27 Ноябрь 2024
        10:15"), or None to leave it to the general date parser."""
        return None

    def metadata_section(self, value: str) -> str | None:
        """JSON-LD ``articleSection`` as a section name, or None when the CMS puts
        something else there."""
        return value

    def finish(self, article: Article) -> None:
        """Last word on a parsed article (runs after every field chain), in place."""


@dataclass(frozen=True)
class SiteProfile:
    """Everything site-specific: URLs, selectors, dates and furniture."""

    name: str
    #: the publisher's domain for the ``source`` field; empty: the page's own host
    source: str
    default_base_url: str
    sections: tuple[Section, ...]
    #: feed paths relative to the base URL
    feeds: tuple[str, ...]
    #: matches the start of an article URL's *path* (``re.match``); defines the group
    #: ``id``; None: any URL may be an article's and none carries an id
    article_path: re.Pattern[str] | None
    #: the CMS's own markup; None: no trusted template, the fields come from metadata
    #: and the generic path
    fields: FieldSelectors | None
    listing: ListingSelectors | None
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
    hooks: SiteHooks = field(default_factory=SiteHooks)

    @property
    def host(self) -> str:
        """The host of ``default_base_url`` (lower case)."""
        return (urlsplit(self.default_base_url).hostname or "").lower()

    @property
    def article_url(self) -> re.Pattern[str]:
        """``article_path`` for absolute URLs on any host (for sitemap rules)."""
        pattern = self.article_path.pattern if self.article_path is not None else ".*"
        return re.compile(r"^https?://[^/?#]+" + pattern.removeprefix("^"))

    def article_id(self, path: str) -> str | None:
        """The CMS item id when ``path`` is an article path, else None."""
        if self.article_path is None:
            return None
        match = self.article_path.match(path)
        return match.group("id") if match else None

    def is_article_path(self, path: str) -> bool:
        """Whether ``path`` may be an article's (every path, for a profile without a
        pattern): a canonical link elsewhere is not the article's URL."""
        return self.article_path is None or self.article_path.match(path) is not None

    def parse_date(self, text: str) -> str | None:
        """A date as the site prints it, to ISO 8601 with the site's offset."""
        return parse_site_date(text, self.timezone, self.date_languages, self.hooks.site_datetime)

    def section_language(self, path: str) -> str | None:
        """The language of the section a path lives under, if known."""
        for section in self.sections:
            if path == section.path or path.startswith(section.path + "/"):
                return section.language
        return None
