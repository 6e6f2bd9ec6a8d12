"""How alike two paragraphs are: the measure behind near-duplicate detection.

A paragraph is compared as its sequence of *words*: casefolded, ``ё`` read as ``е``,
every run of letters and digits one word, everything else (spaces, quotes, dashes,
punctuation) ignored. So ``«Текст» — да`` and ``"текст" - да.`` are the same words.

The measure is the **word-level normalized Indel similarity**
``2·LCS(a, b) / (len(a) + len(b))`` (LCS: longest common subsequence of words; it is
difflib's ``ratio()`` over words), computed by rapidfuzz. It respects word order and
punishes every changed word twice, once on each side: one word substituted in a 20-word
paragraph gives 0.95, three give 0.85, a reordered or rewritten paragraph far less.

``NEAR_DUPLICATE_SIMILARITY = 0.85`` was chosen on examples (see tests/test_dedup.py):
it accepts up to ~15% of the words changed, e.g. 3 of 20, which is what a re-pasted
paragraph with an edit looks like. Short paragraphs (fewer than
``NEAR_DUPLICATE_MIN_WORDS = 10`` words) are near repeats only with identical words:
in a short paragraph one changed word is the whole news ("В Алматы ожидается дождь,
ветер 15 м/с" and "В Астане ожидается дождь, ветер 15 м/с" score 0.875).

Measured on the labelled pages in shared/eval (118 articles, 10,742 pairs of distinct
paragraphs of one article, see docs/dedup.md): the most similar pair scores 0.67
(0.44 among the 62 Russian articles), far below 0.85.

Containment is never a repeat: when one paragraph's words occur as one unbroken run
inside the other's (a lead quoted inside a longer paragraph), both are text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz.distance import Indel

NEAR_DUPLICATE_SIMILARITY = 0.85
NEAR_DUPLICATE_MIN_WORDS = 10
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The paragraph as compared: its casefolded words, punctuation and spacing ignored.

    Cached: the dedup stage, the site-furniture learner and its stage ask for the same
    paragraphs' words one after another (a paragraph's words cost ~10 µs, a hit ~0.1)."""
    return tuple(_WORD.findall(text.casefold().replace("ё", "е")))


def word_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Normalized Indel similarity of two word sequences, 0.0 to 1.0."""
    return Indel.normalized_similarity(a, b)


def contains_run(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    """Whether ``shorter`` occurs as one contiguous run of words inside ``longer``."""
    n = len(shorter)
    if not n or n > len(longer):
        return False
    first = shorter[0]
    return any(
        longer[i] == first and tuple(longer[i : i + n]) == tuple(shorter)
        for i in range(len(longer) - n + 1)
    )


def is_near_repeat(earlier: Sequence[str], later: Sequence[str]) -> bool:
    """``later`` says what ``earlier`` said, give or take a few changed words.

    Equal word sequences (paragraphs differing only in case, spacing, quotes, dashes or
    punctuation) are near repeats; so are sequences of at least 10 words at or above
    the threshold, unless one contains the other as an unbroken run (then the longer
    one adds text).
    """
    if not earlier or not later:
        return False
    if tuple(earlier) == tuple(later):
        return True
    shorter, total = min(len(earlier), len(later)), len(earlier) + len(later)
    if shorter < NEAR_DUPLICATE_MIN_WORDS:
        return False
    # The similarity 2·LCS/total is at most 2·shorter/total: most pairs of paragraphs of
    # an article differ too much in length to need the LCS (the margin keeps float
    # rounding on the side of computing it)
    if 2 * shorter / total < NEAR_DUPLICATE_SIMILARITY - 1e-9:
        return False
    # the three conditions are independent; the cheapest rejection (rapidfuzz) goes first
    if word_similarity(earlier, later) < NEAR_DUPLICATE_SIMILARITY:
        return False
    return not (contains_run(earlier, later) or contains_run(later, earlier))
