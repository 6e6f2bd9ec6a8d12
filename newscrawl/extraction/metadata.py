"""Readers for the page's machine-readable metadata: JSON-LD, OpenGraph, <meta>.

K2 escapes titles and descriptions with ``htmlspecialchars`` before Joomla escapes
them again, so ``"`` arrives in og:title as ``&amp;quot;``. The HTML parser undoes
Joomla's layer; ``html.unescape`` here undoes K2's, so every value is decoded
exactly once relative to what the editor typed.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

from parsel import Selector

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


def jsonld_article(page: Selector) -> dict[str, Any]:
    """The first schema.org Article object on the page, or an empty dict.

    Invalid JSON-LD blocks are skipped: sites emit broken ones, and the other sources
    remain.
    """
    for script in page.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            document = json.loads(script, strict=False)
        except ValueError:
            continue
        for obj in _objects(document):
            if _is_article(obj):
                return obj
    return {}


def unescape_text(value: str | None) -> str | None:
    """Undo the CMS's own pre-escaping of a metadata value (see module docstring)."""
    if value is None:
        return None
    return html.unescape(value)


def meta_content(page: Selector, *keys: str) -> str | None:
    """The content of the first <meta property|name=key> found, in the order of ``keys``."""
    for key in keys:
        value = page.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content').get()
        if value is not None and value.strip():
            return unescape_text(value.strip())
    return None


def meta_index(page: Selector) -> dict[str, str]:
    """Every <meta> key (``property`` and ``name``) with the first ``content`` given for it.

    One walk over the page instead of one XPath per key; ``meta_from_index`` then gives
    what ``meta_content`` gives: per key, the content of the first <meta> in document
    order that has that property or name and a content attribute.
    """
    index: dict[str, str] = {}
    root = page.root
    if not hasattr(root, "iter"):
        return index
    for element in root.iter("meta"):
        content = element.get("content")
        if content is None:
            continue
        for attribute in ("property", "name"):
            key = element.get(attribute)
            if key is not None and key not in index:
                index[key] = content
    return index


def meta_from_index(index: dict[str, str], *keys: str) -> str | None:
    """``meta_content`` over a ``meta_index``: the first key with a non-blank value."""
    for key in keys:
        value = index.get(key)
        if value is not None and value.strip():
            return unescape_text(value.strip())
    return None


def jsonld_text(obj: dict[str, Any], key: str) -> str | None:
    """A string property of a JSON-LD object, K2's escaping undone."""
    value = obj.get(key)
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if isinstance(value, str) and value.strip():
        return unescape_text(value.strip())
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
    """Names from a JSON-LD person/organization value, K2's escaping undone."""
    return [html.unescape(name) for name in _member_strings(value, "name")]


def jsonld_image_urls(value: Any) -> list[str]:
    """Image URLs from a JSON-LD ``image`` value (string, ImageObject, or a list of them)."""
    return _member_strings(value, "url")
