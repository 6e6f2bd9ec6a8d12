"""One response seen through one site profile: what every field chain reads from.

The field chains ask the same questions of a page many times (a CSS selection, an
element's paragraphs, a <meta> key, the generic reading); this module parses the
response once and answers each question once, so an extra link in a chain costs a
dictionary look-up, not another pass over the tree. It extracts no field itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml import etree
from scrapy.http import TextResponse

from newscrawl.extraction import generic
from newscrawl.extraction.document import parse_document
from newscrawl.extraction.metadata import jsonld_article, jsonld_text, page_metadata
from newscrawl.extraction.paragraphs import paragraphs_of
from newscrawl.extraction.queries import in_document_order, query
from newscrawl.sites.base import FieldSelectors, SiteProfile


class Page:
    """The parsed page, its metadata and its profile, with cached selections."""

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

    def profile_text(self, css: str | None, noise: tuple[str, ...] = ()) -> str | None:
        """The joined text of what the profile's selector ``css`` selects (None if unset)."""
        return self.joined(self.select(css), noise) if css else None

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
