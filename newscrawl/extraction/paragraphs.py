"""Split an HTML text container into paragraphs, in reading order.

Editors separate paragraphs with block elements (<p>, <div>, <li>, headings) or,
in older K2 content, with ``<br /><br />``. Both become paragraph breaks; a single
``<br>`` is a line break inside a paragraph. Text is returned raw (entities decoded
by the HTML parser, whitespace untouched): normalization is the pipeline's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from lxml import etree
from parsel.csstranslator import css2xpath

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "pre",
        "figure",
        "figcaption",
        "header",
        "footer",
        "aside",
        "hr",
        "address",
        "center",
    ]
)
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "iframe",
        "object",
        "embed",
        "template",
        "svg",
        "button",
        "form",
    ]
)
_BREAK = "\n\n"


def _walk(element: etree._Element, out: list[str], skipped: frozenset[etree._Element]) -> None:
    """Append the text of ``element`` (not its tail) to ``out``, marking paragraph breaks."""
    tag = element.tag
    if not isinstance(tag, str) or tag in SKIP_TAGS or element in skipped:
        return  # comments and processing instructions have a non-str tag
    if tag == "br":
        out.append("\n")
        return
    is_block = tag in BLOCK_TAGS
    if is_block:
        out.append(_BREAK)
    text = element.text
    if text:
        out.append(text)
    for child in element:
        _walk(child, out, skipped)
        tail = child.tail
        if tail:
            out.append(tail)
    if is_block:
        out.append(_BREAK)


#: a run of lines, each with something besides whitespace (what ``str.strip`` removes
#: is what ``\s`` matches); lines are only cut at "\n", as ``str.split("\n")`` cuts them
_PARAGRAPH = re.compile(r"^[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", re.MULTILINE)


def _split(raw: str) -> list[str]:
    """Cut on blank lines made by blocks or <br><br>; single newlines stay inside."""
    return _PARAGRAPH.findall(raw)


@lru_cache(maxsize=64)
def _noise_xpath(noise: tuple[str, ...]) -> etree.XPath | None:
    """All ``noise`` selectors as one compiled XPath (a union matches the same elements).

    One evaluation instead of one ``container.css()`` per selector: the noise list is
    checked for every text container of every page. A selector that is just the name of
    a SKIP_TAGS element is left out: ``_walk`` never enters those elements anyway, and
    each part of the union is one more walk over the container.
    """
    searched = [css for css in noise if css.strip() not in SKIP_TAGS]
    if not searched:
        return None
    return etree.XPath(css2xpath(", ".join(searched)), regexp=False)


def paragraphs_of(container: etree._Element | str, noise: Iterable[str] = ()) -> list[str]:
    """The paragraphs of one container element, skipping ``noise`` selectors inside it;
    none for a text or attribute value (what a selector ending in ``::text`` gives)."""
    if not isinstance(container, etree._Element):
        return []
    # The set holds the element proxies themselves: lxml keeps a proxy (and so its
    # identity) alive only while it is referenced.
    xpath = _noise_xpath(tuple(noise))
    skipped = frozenset(xpath(container)) - {container} if xpath is not None else frozenset()
    out: list[str] = []
    _walk(container, out, skipped)
    return _split("".join(out))
