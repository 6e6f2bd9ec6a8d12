"""The page as text blocks: what the generic path reads before it judges anything.

Scoring containers (``containers``), matching JSON-LD ``articleBody`` against the page
(``ld_body``) and finding the story's end all work on one list: every paragraph of the
page with the element that holds it and how much of it is link text. This module makes
that list, once, and decides what is never article text wherever it stands (scripts,
navigation, comment and share widgets), so the judging modules see text, not markup.

Every element that holds text directly (a ``<p>``, a ``<div>`` or ``<td>`` of
``<br>``-separated lines, a loose run of text beside blocks) gives text blocks;
``<br><br>`` splits a run into paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from newscrawl.extraction.paragraphs import BLOCK_TAGS as PARAGRAPH_BREAKS

#: never article text, whatever they hold
SKIPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
        "object",
        "embed",
        "nav",
        "footer",
        "aside",
        "button",
        "select",
        "textarea",
        "input",
        "label",
        "head",
        "title",
        "figcaption",
    }
)
#: elements that make paragraph breaks (everything else is inline): the paragraph
#: splitter's, and the page-level containers a whole page has
BLOCK_TAGS = PARAGRAPH_BREAKS | {"main", "tbody", "thead", "form", "body", "html"}
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: class or id words of things that are never in an article, even beside a likely word
_NEVER = re.compile(r"comment|disqus|related|similar|share|social|teaser|promo|advert", re.I)
#: a block shorter than this carries no score (a date, a byline, a button label)
MIN_BLOCK_CHARS = 25
_WORD = re.compile(r"\w+")
_BLANK_LINES = re.compile(r"\n\s*\n")


def class_and_id(element: etree._Element) -> str:
    """The element's class and id as one string, for the name patterns to search."""
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def is_skipped(element: etree._Element) -> bool:
    """Whether the element is never article text, wherever it is: by its tag, or by a
    class or id that says comments, related items, sharing, teasers or ads."""
    tag = element.tag
    if not isinstance(tag, str) or tag in SKIPPED_TAGS:
        return True
    if tag in ("body", "html", "main", "article"):
        return False
    return bool(_NEVER.search(class_and_id(element)))


@dataclass
class Block:
    """A paragraph of the page: its text, how much of it is link text, where it is."""

    text: str
    link_chars: int
    owner: etree._Element
    order: int


@dataclass
class _Walk:
    """The page's text blocks, in document order, and the elements left out."""

    blocks: list[Block] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    #: where link text lies in the joined parts (start, end), for each paragraph's share
    links: list[tuple[int, int]] = field(default_factory=list)
    length: int = 0
    owner: etree._Element | None = None

    def add(self, text: str | None, link: bool) -> None:
        if text:
            self.parts.append(text)
            if link:
                self.links.append((self.length, self.length + len(text)))
            self.length += len(text)

    def flush(self) -> None:
        text = "".join(self.parts)
        if self.owner is not None:
            start = 0
            for gap in [*_BLANK_LINES.finditer(text), None]:
                end = gap.start() if gap is not None else len(text)
                paragraph = text[start:end]
                if paragraph.strip():
                    share = self._link_chars(text, start, end)
                    self.blocks.append(Block(paragraph, share, self.owner, len(self.blocks)))
                start = gap.end() if gap is not None else end
        self.parts, self.links, self.length = [], [], 0

    def _link_chars(self, text: str, start: int, end: int) -> int:
        """Non-blank characters of link text between ``start`` and ``end``."""
        return sum(
            len(text[max(a, start) : min(b, end)].strip())
            for a, b in self.links
            if a < end and b > start
        )


def _walk(element: etree._Element, walk: _Walk, owner: etree._Element, in_link: bool) -> None:
    """Append the text of ``element`` to the current block; blocks break at block tags
    and at ``<br><br>``; a block's owner is the nearest block element around its text."""
    if is_skipped(element):
        return
    tag = element.tag
    if tag == "br":
        walk.add("\n", False)
        return
    block = tag in BLOCK_TAGS
    if block:
        walk.flush()
        walk.owner = element
    mine = element if block else owner
    link = in_link or tag == "a"
    walk.add(element.text, link)
    for child in element:
        _walk(child, walk, mine, link)
        walk.add(child.tail, link)
    if block:
        walk.flush()
        walk.owner = owner


def page_blocks(root: etree._Element) -> list[Block]:
    """Every text block of the page outside page furniture, in reading order."""
    walk = _Walk()
    body = root.find("body")
    start = body if body is not None else root
    _walk(start, walk, start, False)
    walk.flush()
    return walk.blocks


def words(text: str) -> list[str]:
    """The text's words, case-folded: what two texts are compared by."""
    return _WORD.findall(text.casefold())
