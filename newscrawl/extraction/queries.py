"""CSS selectors translated and compiled once, then evaluated on lxml trees directly.

A ``.css()`` call in parsel translates the selector (cached), looks up a compiled XPath,
evaluates it and wraps every result in a new Selector; at a dozen selectors a page that
overhead was as large as the searches. A ``Query`` is made once per selector string
(``query()`` caches it, so a site profile's selectors are compiled once per process)
from the XPath parsel's own translator gives, so it selects what ``response.css`` did.

Each XPath over a whole 60 KB page costs about 0.2 ms, and a CMS's field selectors
usually all start at one container (``#k2Container …``). When every comma-separated
part of a selector starts at the same ``#id`` and the page has exactly one element
with that id, the query runs from that element with the id step replaced by
``self::*``: from the only element with the id, ``descendant-or-self::*[@id = …]``
selects that element alone, so the nodes are the same. With no such element, or
several, the whole page is searched.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lxml import etree
from parsel.csstranslator import css2xpath

from newscrawl.extraction.document import Document


class Query:
    """One CSS selector as compiled XPath: for the whole page and, when it has one,
    for its ``#id`` container."""

    def __init__(self, css: str) -> None:
        self.css = css
        self.xpath = css2xpath(css)
        self._whole = etree.XPath(self.xpath, smart_strings=False, regexp=False)
        self.scope_id, within = _scoped(css, self.xpath)
        self._within = etree.XPath(within, smart_strings=False, regexp=False) if within else None

    def __call__(self, document: Document) -> list[Any]:
        """What ``response.css(css)`` selected, as elements (or strings for ``::text``
        and attributes)."""
        if self._within is not None and self.scope_id is not None:
            scope = document.by_id(self.scope_id)
            if scope is not None:
                return self._within(scope)
        return self._whole(document.root)

    def under(self, elements: list[Any]) -> list[Any]:
        """What ``selector_list.css(css)`` selected: the query run from each element."""
        return [found for element in elements for found in self._whole(element)]


def in_document_order(results: list[list[Any]]) -> list[Any] | None:
    """The union of several queries' elements in document order, as the union of their
    selectors gives it; None when some result is a string (it has no position).

    Lets a page evaluate ``A, B`` from the results of ``A`` and ``B`` it already has:
    each part is one more walk over the container.
    """
    found: dict[etree._Element, None] = {}
    for result in results:
        for node in result:
            if not isinstance(node, etree._Element):
                return None
            found[node] = None
    return sorted(found, key=_position)


def _position(element: etree._Element) -> list[int]:
    """Child indexes from the root down: they sort as document order does."""
    path = []
    parent = element.getparent()
    while parent is not None:
        path.append(parent.index(element))
        element, parent = parent, parent.getparent()
    path.reverse()
    return path


@lru_cache(maxsize=256)
def query(css: str) -> Query:
    """The compiled ``Query`` for ``css``, made on first use."""
    return Query(css)


def _scoped(css: str, xpath: str) -> tuple[str | None, str | None]:
    """The ``#id`` every part of ``css`` starts at and the XPath to run from that
    element, or (None, None) when the selector does not qualify."""
    first = css.split(" ", 1)[0]
    if not first.startswith("#") or not first[1:].replace("-", "").isalnum():
        return None, None
    parts = [part.strip() for part in css.split(",")]
    if not all(part.startswith(first + " ") for part in parts):
        return None, None
    translated = [css2xpath(part) for part in parts]
    step = css2xpath(first) + "/"
    # A comma inside a string of the selector would cut the parts wrongly; the parts'
    # union must be exactly what the whole selector translates to.
    if " | ".join(translated) != xpath or not all(x.startswith(step) for x in translated):
        return None, None
    return first[1:], " | ".join("self::*/" + x.removeprefix(step) for x in translated)
