"""Which part of a page is the story: the generic path's candidate scoring.

A page nobody described has no selector for its body, so the body is the container
the story's text blocks share. A block scores by its length and commas and gives its
score to its parent and, halved, to its grandparent; a container's score is then cut
by its link density (menus, teaser lists) and moved by what its class and id say
(``comment``, ``related``, ``share``... against ``article``, ``content``,
``text``...). The best container wins on the page as a whole, never "the first kind
that matches"; siblings that score close to it (a lead block above the text) join it,
and furniture inside it (a toolbar, a caption, the header lines) is left out.
"""

from __future__ import annotations

import re

from lxml import etree

from newscrawl.extraction.text_blocks import (
    BLOCK_TAGS,
    HEADINGS,
    MIN_BLOCK_CHARS,
    Block,
    class_and_id,
    is_skipped,
)

#: class or id words of things around an article, not in it
_UNLIKELY = re.compile(
    r"comment|disqus|related|similar|share|sharing|social|teaser|promo|sponsor|advert|"
    r"banner|subscri|newsletter|sidebar|widget|cookie|popup|modal|poll|rating|breadcrumb|"
    r"pagination|pager|menu|navbar|footer|masthead|tags|tagcloud|recommend|popular|"
    r"most-?read|read-?more|readmore|also|more-?news|lenta|author-?bio|print|toolbar|"
    r"caption|credit|copyright|hidden|offscreen|sr-only|screen-?reader|"
    r"infobox|factbox|fact-box|expandable|collaps|accordion",
    re.IGNORECASE,
)
#: ...unless they also say they hold it
_LIKELY = re.compile(r"article|story|content|entry|post|text|body|main|news-?item", re.I)
_POSITIVE = re.compile(
    r"article|body|content|entry|hentry|main|page|post|text|blog|story|news|material|full", re.I
)
_NEGATIVE = re.compile(
    r"comment|com-|contact|foot|footer|footnote|masthead|media|meta|outbrain|promo|related|"
    r"scroll|shoutbox|sidebar|sponsor|shopping|tags|tool|widget|banner|menu|share|social|"
    r"teaser|subscribe|nav|header",
    re.IGNORECASE,
)
#: commas in the scripts the pages are written in (Latin, CJK, Arabic)
_COMMAS = (",", "、", "，", "،")
#: a sibling paragraph this long, without links, is part of the story
_PROSE_CHARS = 80
_HEADER_LINE_CHARS = 60
_DATE_LIKE = re.compile(r"\d{1,2}[./:]\d{2}|\b\d{4}\b")


def choose_story(blocks: list[Block]) -> tuple[etree._Element | None, list[Block]]:
    """(the best container, the story's blocks) of a page's ``blocks``; (None, []) when
    no container scores at all."""
    best, scores = _best_container(blocks)
    if best is None:
        return None, []
    return best, _body_blocks(blocks, _selected(best, scores))


def is_unlikely(element: etree._Element) -> bool:
    """Whether the element, inside the article's container, is furniture (a toolbar,
    a tag list, a caption). Outside, such names say little: sites wrap whole stories in
    a "sidebar-1" or a "container-widget"."""
    tag = element.tag
    if tag in ("body", "html", "main", "article"):
        return False
    names = class_and_id(element)
    if not names.strip():
        return element.get("role") in ("navigation", "complementary", "contentinfo")
    return bool(_UNLIKELY.search(names)) and not _LIKELY.search(names)


def _class_weight(element: etree._Element) -> float:
    names = class_and_id(element)
    weight = 0.0
    if _NEGATIVE.search(names):
        weight -= 25
    if _POSITIVE.search(names):
        weight += 25
    return weight


def _score_containers(blocks: list[Block]) -> dict[etree._Element, float]:
    scores: dict[etree._Element, float] = {}
    for block in blocks:
        text = block.text.strip()
        if len(text) < MIN_BLOCK_CHARS or block.owner.tag in HEADINGS:
            continue
        if block.link_chars > 0.5 * len(text):
            continue
        value = 1 + sum(text.count(c) for c in _COMMAS) + min(len(text) / 100, 3)
        owner = block.owner
        # a loose run of text beside blocks belongs to its owner; a whole block element
        # (a <p>, a <div> of <br> lines) to the element around it
        parent = owner.getparent() if _is_paragraph(owner, block) else owner
        for share in (1.0, 0.5):
            if parent is None:
                break
            scores[parent] = scores.get(parent, 0.0) + value * share
            parent = parent.getparent()
    return scores


def _is_paragraph(owner: etree._Element, block: Block) -> bool:
    """Whether the block is its owner's whole text (a <p>), not a run beside blocks."""
    return not any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in owner)


def _text_and_links(element: etree._Element) -> tuple[int, int]:
    text = links = 0
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        own = len((node.text or "").strip())
        text += own + len((node.tail or "").strip()) if node is not element else own
        if node.tag == "a":
            links += len(" ".join(node.itertext()).strip())
    return text, links


def _best_container(
    blocks: list[Block],
) -> tuple[etree._Element | None, dict[etree._Element, float]]:
    scores = _score_containers(blocks)
    best, best_score = None, 0.0
    for element, score in scores.items():
        text, links = _text_and_links(element)
        density = min(links / text, 1.0) if text else 1.0
        final = (score + _class_weight(element)) * (1 - density)
        scores[element] = final
        if final > best_score:
            best, best_score = element, final
    return best, scores


def _selected(best: etree._Element, scores: dict[etree._Element, float]) -> set[etree._Element]:
    """The winner and its siblings that score close to it, or that are one paragraph of
    plain prose (a lead block above the text)."""
    chosen = {best}
    parent = best.getparent()
    if parent is None:
        return chosen
    threshold = max(10.0, scores[best] * 0.2)
    # a story split into several blocks of one kind (between ads, behind a paywall
    # marker) is one story: every block styled as the winner is, that scores well
    kind = (best.tag, best.get("class"))
    if kind[1]:
        for element, score in scores.items():
            if (element.tag, element.get("class")) == kind and score >= threshold:
                chosen.add(element)
    for sibling in parent:
        if sibling is best or not isinstance(sibling.tag, str) or is_skipped(sibling):
            continue
        if scores.get(sibling, 0.0) >= threshold or _is_prose(sibling):
            chosen.add(sibling)
    return chosen


def _is_prose(element: etree._Element) -> bool:
    if element.tag in HEADINGS or is_unlikely(element):
        return False
    if any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in element.iterdescendants()):
        return False
    text = " ".join("".join(element.itertext()).split())
    has_links = any(True for _ in element.iter("a"))
    return len(text) >= _PROSE_CHARS and not has_links and text[-1:] in '.!?»"…'


def _within(element: etree._Element, chosen: set[etree._Element]) -> bool:
    """Whether the element is inside a chosen container and not in furniture there."""
    node: etree._Element | None = element
    while node is not None:
        if node in chosen:
            return True
        if is_unlikely(node):
            return False
        node = node.getparent()
    return False


def _body_blocks(blocks: list[Block], chosen: set[etree._Element]) -> list[Block]:
    """The blocks of the chosen containers, without link lists and without the header
    lines (headline, date, byline) a container may start with."""
    kept = [
        b for b in blocks if _within(b.owner, chosen) and b.link_chars <= 0.5 * len(b.text.strip())
    ]
    while kept and _is_header_line(kept[0]):
        kept.pop(0)
    return kept


def _is_header_line(block: Block) -> bool:
    """The headline (an <h1>), or a short line with a date or a time in it, before the
    story starts; a subheading (a deck) stays."""
    text = block.text.strip()
    if block.owner.tag == "h1":
        return True
    return len(text) < _HEADER_LINE_CHARS and bool(_DATE_LIKE.search(text))
