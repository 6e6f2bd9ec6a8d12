"""JSON-LD ``articleBody`` checked against the page, before it may stand for the body.

Metadata is often stale, truncated, or a description under the wrong key; the page's
own text is what a reader sees. So ``articleBody`` counts only when it is long and its
words are the page's own. Then it picks the page's paragraphs it contains (the page
keeps its paragraph structure, the metadata decides what is article), and stands in
for them only when the page's blocks do not cover it. When the scored container
already holds it, the container's paragraphs are the better split and it steps aside.
"""

from __future__ import annotations

import re

from newscrawl.extraction.text_blocks import HEADINGS, MIN_BLOCK_CHARS, Block, words

#: JSON-LD articleBody shorter than this is a description, not a body
MIN_LD_BODY_CHARS = 400
#: the share of the body's words a set of blocks must hold to stand for it
_COVERED = 0.8


def agreed_ld_body(ld_text: str | None, blocks: list[Block], story: list[Block]) -> list[str]:
    """The body JSON-LD gives, as paragraphs, when the page agrees with it (else []):
    the page's own blocks that hold it, else its text split at line breaks, and nothing
    when the ``story`` blocks the container scoring chose hold it already."""
    page_words = {w for b in blocks for w in words(b.text)}
    ld_body, ld_blocks = _ld_paragraphs(ld_text, blocks, page_words)
    if ld_body and ld_text:
        if ld_blocks and _covers(ld_blocks, ld_text, _COVERED):
            ld_body = [b.text for b in ld_blocks]
        elif _covers(story, ld_text, _COVERED):
            ld_body = []  # the container holds it: its paragraphs are the better split
    return ld_body


def _ld_paragraphs(
    ld_text: str | None, blocks: list[Block], page_words: set[str]
) -> tuple[list[str], list[Block]]:
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
        if block.owner.tag in HEADINGS or not block_words:
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


def _covers(blocks: list[Block], ld_text: str, share: float) -> bool:
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
