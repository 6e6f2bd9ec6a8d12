"""Stage 2: paragraph deduplication within one article.

A paragraph is dropped when it repeats an earlier paragraph or only repeats the
title. Repeats are compared on a key that ignores case and the whitespace and
punctuation at the edges, so "Текст." and "текст" are one paragraph. The first
occurrence stays and reading order is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newscrawl.items import Article
from newscrawl.pipelines.base import Stage

_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def paragraph_key(text: str) -> str:
    """What two paragraphs must share to be the same paragraph.

    The edges are trimmed by hand: ``[\\W_]`` is exactly "not ``str.isalnum()``", and
    the regex ``_EDGE_PUNCT`` (kept as the reference the tests compare with) tries its
    second branch at every position of the paragraph.
    """
    key = " ".join(text.casefold().split())
    start, end = 0, len(key)
    while start < end and not key[start].isalnum():
        start += 1
    while end > start and not key[end - 1].isalnum():
        end -= 1
    return key[start:end]


@dataclass(frozen=True)
class Dropped:
    """A paragraph removed from a body, and why."""

    text: str
    reason: str
    duplicate_of: int | None = None  # index in the kept body of the paragraph it repeats


def deduplicate(body: list[str], title: str) -> tuple[list[str], list[Dropped]]:
    """The body without repeats and title echoes, plus what was dropped."""
    title_key = paragraph_key(title)
    kept: list[str] = []
    seen: dict[str, int] = {}
    dropped: list[Dropped] = []
    for paragraph in body:
        key = paragraph_key(paragraph)
        if title_key and key == title_key:
            dropped.append(Dropped(paragraph, "title_echo"))
        elif key in seen:
            dropped.append(Dropped(paragraph, "duplicate", seen[key]))
        else:
            seen[key] = len(kept)
            kept.append(paragraph)
    return kept, dropped


class DeduplicateParagraphsPipeline(Stage):
    def process_item(self, item: Article) -> Article:
        item.body, dropped = deduplicate(item.body, item.title)
        for entry in dropped:
            self.stats.inc_value(f"newscrawl/paragraphs/dropped/{entry.reason}")
        return item
