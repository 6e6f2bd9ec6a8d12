"""The article in a page whose template nobody described: the generic path.

Used when the profile's markup finds nothing (an unknown site, or a known one after a
redesign). This module only puts the generic reading of one page together, once, for
the field chains to draw on; each judgement is its own module:

- ``text_blocks``: the page as paragraphs with their owners and link text;
- ``containers``: which container holds the story (scored on the page as a whole,
  never "the first kind that matches"), and which of its blocks are the story;
- ``ld_body``: JSON-LD ``articleBody``, when long and found in the page's own text;
- ``article_header``: the short texts around the headline (date, byline).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from newscrawl.extraction.article_header import header_texts
from newscrawl.extraction.containers import choose_story
from newscrawl.extraction.ld_body import agreed_ld_body
from newscrawl.extraction.text_blocks import Block, page_blocks

#: less text than this in the best container is a byline or a date line, not a story
MIN_BODY_CHARS = 100


@dataclass
class Content:
    """The generic reading of one page."""

    paragraphs: list[str]
    #: JSON-LD articleBody as paragraphs, when it is plausible (else empty)
    ld_body: list[str]
    root: etree._Element
    container: etree._Element | None
    blocks: list[Block]

    def header_texts(self, title: str | None) -> list[str]:
        """Short texts around the headline, nearest first, up to the body's first
        paragraph: where an article header prints its date and byline."""
        return header_texts(self.root, title)

    def time_value(self) -> str | None:
        """The ``datetime`` of a <time> in the article (else the page's first one: a
        page header's "today" is a worse guess than none, but a guess)."""
        for scope in (self.container, self.root):
            if scope is None:
                continue
            for value in scope.xpath(".//time/@datetime"):
                if str(value).strip():
                    return str(value)
        return None


def read_content(root: etree._Element, ld_text: str | None) -> Content:
    """The generic reading of the page under ``root`` (JSON-LD articleBody, if any)."""
    blocks = page_blocks(root)
    best, story = choose_story(blocks)
    paragraphs = [b.text for b in story]
    if sum(len(p.strip()) for p in paragraphs) < MIN_BODY_CHARS:
        paragraphs = []
    ld_body = agreed_ld_body(ld_text, blocks, story)
    return Content(paragraphs, ld_body, root, best, blocks)


def find_day(root: etree._Element, url: str) -> str | None:
    """The publication day as htmldate finds it (URL, markup, text), or None."""
    from htmldate import find_date

    try:
        html = etree.tostring(root, encoding="unicode")
        return find_date(html, url=url, original_date=True, extensive_search=False)
    except (ValueError, etree.LxmlError):
        return None
