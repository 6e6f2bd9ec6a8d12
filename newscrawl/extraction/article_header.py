"""The article's header: the short texts around the headline, and bylines among them.

When the profile's date and author elements are gone (a redesign) and the metadata
names neither, the page still prints them where every article header does: next to
the headline, before the body. This module finds the headline element and lists the
short texts near it, nearest first, for the date parser and the byline reader to try;
it stops at the first long text after the headline (the story has begun).
"""

from __future__ import annotations

import re

from lxml import etree

from newscrawl.extraction.text_blocks import SKIPPED_TAGS

#: what a byline starts with, in the languages of the pages seen so far
AUTHOR_LABELS = ("Автор", "Авторы", "Текст", "Written by", "By", "Von", "Par", "Por", "Di")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bи\b|\bund\b|\bet\b|\by\b|\be\b)\s*")
#: a name is a few words, each capitalised
_NAME = re.compile(r"^(?:[^\W\d_][\w.'’-]*\s?){1,4}$")
#: how many short texts on each side of the headline are searched for its date
_HEADER_REACH = 12
_HEADER_TEXT_MAX = 200


def header_texts(root: etree._Element, title: str | None) -> list[str]:
    """Short texts around the headline, nearest first, up to the body's first
    paragraph: where an article header prints its date and byline."""
    headline = _headline(root, title)
    if headline is None:
        return []
    return _texts_around(root, headline)


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
