"""Readers for the page's machine-readable metadata: JSON-LD, OpenGraph, <meta>.

Values come out as the page holds them (the HTML parser has decoded the attribute
once); a CMS that escapes twice is undone by its platform's hook
(``SiteHooks.unescape_metadata``), so each value is decoded exactly once relative to
what the editor typed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"}
)


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD document, @graph members included."""
    if isinstance(node, list):
        for member in node:
            yield from _objects(member)
    elif isinstance(node, dict):
        yield node
        if "@graph" in node:
            yield from _objects(node["@graph"])


def _is_article(obj: dict[str, Any]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(k in ARTICLE_TYPES for k in kinds if isinstance(k, str))


def jsonld_article(scripts: Iterable[str]) -> dict[str, Any]:
    """The first schema.org Article object in the JSON-LD ``scripts``, or an empty dict.

    Invalid JSON-LD blocks are skipped: sites emit broken ones, and the other sources
    remain.
    """
    for script in scripts:
        try:
            document = json.loads(script, strict=False)
        except ValueError:
            continue
        for obj in _objects(document):
            if _is_article(obj):
                return obj
    return {}


_TEXT_NODES = etree.XPath("text()", smart_strings=False, regexp=False)


@dataclass
class PageMetadata:
    """What the page declares about itself in <script>, <link> and <meta> elements.

    Found in one walk over the tree that stops only at those three tags (about the cost
    of one whole-page XPath, where the three readers used to run one each). Each field
    holds what its XPath gave: ``scripts`` the text nodes of every
    ``//script[@type="application/ld+json"]`` in document order, ``canonical`` the first
    ``//link[@rel="canonical"]/@href``, ``metas`` per key (``property`` and ``name``) the
    first <meta> with that key and a content attribute. Contents are read only when
    asked for: on a freshly parsed page each long value read costs microseconds, and
    most keys are never asked for.
    """

    scripts: list[str] = field(default_factory=list)
    canonical: str | None = None
    metas: dict[str, etree._Element] = field(default_factory=dict)

    def meta(self, *keys: str) -> str | None:
        """The content of the first of ``keys`` with a non-blank one, stripped."""
        for key in keys:
            element = self.metas.get(key)
            value = element.get("content") if element is not None else None
            if value is not None and value.strip():
                return value.strip()
        return None


def page_metadata(root: etree._Element) -> PageMetadata:
    """The ``PageMetadata`` of the tree under ``root``."""
    found = PageMetadata()
    for element in root.iter("script", "link", "meta"):
        tag = element.tag
        if tag == "meta":
            if "content" not in element.attrib:
                continue
            for attribute in ("property", "name"):
                key = element.get(attribute)
                if key is not None and key not in found.metas:
                    found.metas[key] = element
        elif tag == "link":
            if found.canonical is None and element.get("rel") == "canonical":
                found.canonical = element.get("href")
        elif element.get("type") == "application/ld+json":
            found.scripts.extend(_TEXT_NODES(element))
    return found


def jsonld_text(obj: dict[str, Any], key: str) -> str | None:
    """A non-blank string property of a JSON-LD object, stripped."""
    value = obj.get(key)
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _member_strings(value: Any, key: str) -> list[str]:
    """The non-empty ``key`` strings of a JSON-LD value that may be a plain string, an
    object, or a list of either (``author``, ``image`` come in all these shapes)."""
    members = value if isinstance(value, list) else [value]
    found: list[str] = []
    for member in members:
        text = member.get(key) if isinstance(member, dict) else member
        if isinstance(text, str) and text.strip():
            found.append(text.strip())
    return found


def jsonld_names(value: Any) -> list[str]:
    """Names from a JSON-LD person/organization value."""
    return _member_strings(value, "name")


def jsonld_image_urls(value: Any) -> list[str]:
    """Image URLs from a JSON-LD ``image`` value (string, ImageObject, or a list of them)."""
    return _member_strings(value, "url")
