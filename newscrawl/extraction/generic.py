"""The article in a page whose template nobody described: the generic path.

Used when the profile's markup finds nothing (an unknown site, or a known one after a
redesign). Every element that holds text directly (a ``<p>``, a ``<div>`` or ``<td>``
of ``<br>``-separated lines, a loose run of text beside blocks) is a text block; a
block scores by its length and commas, and gives its score to its parent and, halved,
to its grandparent, so the container the story's blocks share collects the most. A
container's score is then cut by its link density (menus, teaser lists) and moved by
what its class and id say (``comment``, ``related``, ``share``... against
``article``, ``content``, ``text``...). The best container wins on the page as a
whole, never "the first kind that matches"; siblings that score close to it (a lead
block above the text) join it.

JSON-LD ``articleBody``, when long and found in the page's own text, picks the page's
paragraphs it contains (the page keeps its paragraph structure, the metadata decides
what is article), and stands in for them when the page's blocks do not cover it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
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
#: words that make an unlikely class or id stand even beside a likely one
_NEVER = re.compile(r"comment|disqus|related|similar|share|social|teaser|promo|advert", re.I)
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
#: a block shorter than this carries no score (a date, a byline, a button label)
MIN_BLOCK_CHARS = 25
#: less text than this in the best container is a byline or a date line, not a story
MIN_BODY_CHARS = 100
#: JSON-LD articleBody shorter than this is a description, not a body
MIN_LD_BODY_CHARS = 400
_WORD = re.compile(r"\w+")
_BLANK_LINES = re.compile(r"\n\s*\n")
#: what a byline starts with, in the languages of the pages seen so far
AUTHOR_LABELS = ("Автор", "Авторы", "Текст", "Written by", "By", "Von", "Par", "Por", "Di")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bи\b|\bund\b|\bet\b|\by\b|\be\b)\s*")
#: a name is a few words, each capitalised
_NAME = re.compile(r"^(?:[^\W\d_][\w.'’-]*\s?){1,4}$")
#: the page's publication date in <meta>, most specific first
PUBLISHED_META = (
    "article:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "datePublished",
    "date",
    "DC.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)


def _attributes(element: etree._Element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def is_skipped(element: etree._Element) -> bool:
    """Whether the element is never article text, wherever it is: by its tag, or by a
    class or id that says comments, related items, sharing, teasers or ads."""
    tag = element.tag
    if not isinstance(tag, str) or tag in SKIPPED_TAGS:
        return True
    if tag in ("body", "html", "main", "article"):
        return False
    return bool(_NEVER.search(_attributes(element)))


def is_unlikely(element: etree._Element) -> bool:
    """Whether the element, inside the article's container, is furniture (a toolbar,
    a tag list, a caption). Outside, such names say little: sites wrap whole stories in
    a "sidebar-1" or a "container-widget"."""
    tag = element.tag
    if tag in ("body", "html", "main", "article"):
        return False
    names = _attributes(element)
    if not names.strip():
        return element.get("role") in ("navigation", "complementary", "contentinfo")
    return bool(_UNLIKELY.search(names)) and not _LIKELY.search(names)


def _class_weight(element: etree._Element) -> float:
    names = _attributes(element)
    weight = 0.0
    if _NEGATIVE.search(names):
        weight -= 25
    if _POSITIVE.search(names):
        weight += 25
    return weight


@dataclass
class _Block:
    """A paragraph of the page: its text, how much of it is link text, where it is."""

    text: str
    link_chars: int
    owner: etree._Element
    order: int


@dataclass
class _Walk:
    """The page's text blocks, in document order, and the elements left out."""

    blocks: list[_Block] = field(default_factory=list)
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
                    self.blocks.append(_Block(paragraph, share, self.owner, len(self.blocks)))
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


def page_blocks(root: etree._Element) -> list[_Block]:
    """Every text block of the page outside page furniture, in reading order."""
    walk = _Walk()
    body = root.find("body")
    start = body if body is not None else root
    _walk(start, walk, start, False)
    walk.flush()
    return walk.blocks


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


@dataclass
class Content:
    """The generic reading of one page."""

    paragraphs: list[str]
    #: JSON-LD articleBody as paragraphs, when it is plausible (else empty)
    ld_body: list[str]
    root: etree._Element
    container: etree._Element | None
    blocks: list[_Block]

    def header_texts(self, title: str | None) -> Iterator[str]:
        """Short texts around the headline, nearest first, up to the body's first
        paragraph: where an article header prints its date and byline."""
        headline = _headline(self.root, title)
        if headline is None:
            return
        yield from _texts_around(self.root, headline)

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


def byline_names(text: str, labels: tuple[str, ...]) -> list[str]:
    """The names of ``text`` when it is a byline ("Автор: Анна Ли, Ерлан Сейт"), else []."""
    for label in labels:
        if text[: len(label)].casefold() == label.casefold() and text[
            len(label) : len(label) + 1
        ] in (" ", ":"):
            rest = text[len(label) :].lstrip(" :")
            names = [n.strip() for n in _NAME_SPLIT.split(rest) if n and n.strip()]
            if names and all(_NAME.match(n) and n[0].isupper() for n in names):
                return names
    return []


def _headline(root: etree._Element, title: str | None) -> etree._Element | None:
    wanted = " ".join((title or "").split()).casefold()
    first_h1 = None
    for element in root.iter("h1", "h2", "h3"):
        text = " ".join("".join(element.itertext()).split()).casefold()
        if wanted and text and (text == wanted or (len(text) > 15 and text in wanted)):
            return element
        if first_h1 is None and element.tag == "h1":
            first_h1 = element
    return first_h1


#: how many short texts on each side of the headline are searched for its date
_HEADER_REACH = 12
_HEADER_TEXT_MAX = 200


def _texts_around(root: etree._Element, headline: etree._Element) -> list[str]:
    before: list[str] = []
    after: list[str] = []
    seen_headline = False
    inside = set(headline.iter())
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in SKIPPED_TAGS:
            continue
        if element in inside:
            seen_headline = True
            continue
        stamp = element.get("datetime") if element.tag == "time" else None
        for raw in (stamp, element.text, element.tail):
            piece = " ".join((raw or "").split())
            if not piece:
                continue
            if len(piece) > _HEADER_TEXT_MAX:
                if seen_headline:
                    return _interleave(before, after)
                before = []
                continue
            (after if seen_headline else before).append(piece)
            if len(after) >= _HEADER_REACH:
                return _interleave(before, after)
    return _interleave(before, after)


def _interleave(before: list[str], after: list[str]) -> list[str]:
    """Nearest first: the first text after the headline, the last before it, and so on."""
    near_before = before[-_HEADER_REACH:][::-1]
    out: list[str] = []
    for index in range(max(len(near_before), len(after))):
        if index < len(after):
            out.append(after[index])
        if index < len(near_before):
            out.append(near_before[index])
    return out


def _score_containers(blocks: list[_Block]) -> dict[etree._Element, float]:
    scores: dict[etree._Element, float] = {}
    for block in blocks:
        text = block.text.strip()
        if len(text) < MIN_BLOCK_CHARS or block.owner.tag in _HEADINGS:
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


def _is_paragraph(owner: etree._Element, block: _Block) -> bool:
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
    blocks: list[_Block],
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


#: a sibling paragraph this long, without links, is part of the story
_PROSE_CHARS = 80


def _is_prose(element: etree._Element) -> bool:
    if element.tag in _HEADINGS or is_unlikely(element):
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


def _body_blocks(blocks: list[_Block], chosen: set[etree._Element]) -> list[_Block]:
    """The blocks of the chosen containers, without link lists and without the header
    lines (headline, date, byline) a container may start with."""
    kept = [
        b for b in blocks if _within(b.owner, chosen) and b.link_chars <= 0.5 * len(b.text.strip())
    ]
    while kept and _is_header_line(kept[0]):
        kept.pop(0)
    return kept


_HEADER_LINE_CHARS = 60
_DATE_LIKE = re.compile(r"\d{1,2}[./:]\d{2}|\b\d{4}\b")


def _is_header_line(block: _Block) -> bool:
    """The headline (an <h1>), or a short line with a date or a time in it, before the
    story starts; a subheading (a deck) stays."""
    text = block.text.strip()
    if block.owner.tag == "h1":
        return True
    return len(text) < _HEADER_LINE_CHARS and bool(_DATE_LIKE.search(text))


def _ld_paragraphs(
    ld_text: str | None, blocks: list[_Block], page_words: set[str]
) -> tuple[list[str], list[_Block]]:
    """(JSON-LD articleBody as paragraphs, the page's blocks it contains) when it is
    plausible: long, and its words are the page's own."""
    if not ld_text or len(ld_text) < MIN_LD_BODY_CHARS:
        return [], []
    ld_words = words(ld_text)
    if not ld_words or sum(w in page_words for w in ld_words) < 0.8 * len(ld_words):
        return [], []
    vocabulary = set(ld_words)
    phrases = set(_trigrams(ld_words))
    kept = []
    for block in blocks:
        block_words = words(block.text)
        if block.owner.tag in _HEADINGS or not block_words:
            continue
        own = _trigrams(block_words)
        if own:  # the block's three-word runs are the body's, not just its words
            if sum(t in phrases for t in own) >= 0.6 * len(own):
                kept.append(block)
        elif all(w in vocabulary for w in block_words):
            kept.append(block)
    # a short block made of the body's words (a tag, a breadcrumb) counts only between
    # the first and the last real paragraph the body holds
    long = [b.order for b in kept if len(b.text.strip()) >= MIN_BLOCK_CHARS]
    kept = [b for b in kept if long and long[0] <= b.order <= long[-1]]
    paragraphs = [p.strip() for p in re.split(r"\n+", ld_text) if p.strip()]
    return paragraphs, kept


def _trigrams(tokens: list[str]) -> list[tuple[str, str, str]]:
    return list(zip(tokens, tokens[1:], tokens[2:], strict=False))


def _covers(blocks: list[_Block], ld_text: str, share: float) -> bool:
    """Whether the blocks hold ``share`` of the words of ``ld_text``."""
    have: dict[str, int] = {}
    for block in blocks:
        for word in words(block.text):
            have[word] = have.get(word, 0) + 1
    wanted = words(ld_text)
    found = 0
    for word in wanted:
        if have.get(word, 0) > 0:
            have[word] -= 1
            found += 1
    return found >= share * len(wanted)


def read_content(root: etree._Element, ld_text: str | None) -> Content:
    """The generic reading of the page under ``root`` (JSON-LD articleBody, if any)."""
    blocks = page_blocks(root)
    best, scores = _best_container(blocks)
    chosen = _body_blocks(blocks, _selected(best, scores)) if best is not None else []
    paragraphs = [b.text for b in chosen]
    if sum(len(p.strip()) for p in paragraphs) < MIN_BODY_CHARS:
        paragraphs = []
    page_words = {w for b in blocks for w in words(b.text)}
    ld_body, ld_blocks = _ld_paragraphs(ld_text, blocks, page_words)
    if ld_body and ld_text:
        if ld_blocks and _covers(ld_blocks, ld_text, 0.8):
            ld_body = [b.text for b in ld_blocks]
        elif _covers(chosen, ld_text, 0.8):
            ld_body = []  # the container holds it: its paragraphs are the better split
    return Content(paragraphs, ld_body, root, best, blocks)


def find_day(root: etree._Element, url: str) -> str | None:
    """The publication day as htmldate finds it (URL, markup, text), or None."""
    from htmldate import find_date

    try:
        html = etree.tostring(root, encoding="unicode")
        return find_date(html, url=url, original_date=True, extensive_search=False)
    except (ValueError, etree.LxmlError):
        return None
