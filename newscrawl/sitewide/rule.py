"""When a paragraph that recurs across articles is site furniture, and when it is text.

Judged on what the site does *now*, not on the whole archive: a new disclaimer that
every new article carries is furniture in the run where it first appears, however
many older articles are recorded. A paragraph is **site furniture** when:

1. it has at least ``min_words`` words (default 3). One- and two-word paragraphs
   ("Фото:", "Видео", "Справка") are labels whose meaning depends on the paragraph
   next to them; removing them alone would leave their neighbour dangling. Labels that
   really are furniture belong in the site profile's static ``furniture_patterns``.
2. it occurs in at least ``min_articles`` distinct articles (default 3,
   NEWSCRAWL_FURNITURE_MIN_ARTICLES): two articles sharing a paragraph is a story and
   its follow-up; three is the least that is a habit of the site.
3. and either it looks like a promo (one of the profile's ``promo_hints``: subscribe
   calls, social links, reprint notes), or, among the articles recorded as *published*
   between its first and its last appearance (its *window*), at least ``min_window``
   (10, NEWSCRAWL_FURNITURE_MIN_WINDOW) were recorded and it is in at least
   ``min_share`` (0.5, NEWSCRAWL_FURNITURE_MIN_SHARE) of them.

Publication dates, not crawl order, define the window, so the decision depends only on
which articles were recorded. A habit the site dropped keeps its window (its last
appearance no longer moves): it stays furniture in the articles that carried it.

Examples: the replica's Telegram promo, in 25 of its 29 articles, is furniture; the
ministry statement three price articles quote is in 3 of the dozen articles published
between the first and the last of them: text. A new disclaimer in 12 of 12 new
articles is furniture at once, even after 300 older articles without it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from newscrawl.pipelines.normalize import normalize_chars
from newscrawl.similarity import words

DEFAULT_MIN_ARTICLES = 3
DEFAULT_MIN_SHARE = 0.5
DEFAULT_MIN_WINDOW = 10
DEFAULT_MIN_WORDS = 3


def paragraph_words(text: str) -> tuple[str, ...]:
    """The paragraph's words as counted: ``words(normalize_text(text))``. Spacing, which
    the rest of ``normalize_text`` fixes, is never part of a word, so it is skipped."""
    return words(normalize_chars(text))


def words_hash(paragraph_words: tuple[str, ...]) -> int:
    """``paragraph_hash`` of a paragraph whose ``paragraph_words`` are already known."""
    digest = hashlib.blake2b(" ".join(paragraph_words).encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def paragraph_hash(text: str) -> int:
    """A signed 64-bit id of the paragraph's words: what is counted across articles."""
    return words_hash(paragraph_words(text))


@dataclass(frozen=True)
class FurnitureRule:
    """The thresholds, and the decision for one paragraph given its counts."""

    min_articles: int = DEFAULT_MIN_ARTICLES
    min_share: float = DEFAULT_MIN_SHARE
    min_window: int = DEFAULT_MIN_WINDOW
    min_words: int = DEFAULT_MIN_WORDS
    promo_hints: tuple[re.Pattern[str], ...] = ()

    def counts(self, text: str) -> bool:
        """Whether the paragraph is long enough to be counted at all."""
        return len(paragraph_words(text)) >= self.min_words

    def is_promo(self, text: str) -> bool:
        return any(hint.search(text) for hint in self.promo_hints)

    def is_furniture(self, with_it: int, window: int, promo: bool) -> bool:
        """``with_it``: articles carrying it; ``window``: articles recorded as published
        between its first and last appearance (both included)."""
        if with_it < self.min_articles:
            return False
        if promo:
            return True
        return window >= self.min_window and with_it >= self.min_share * window
