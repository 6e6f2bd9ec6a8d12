"""When a paragraph that recurs across articles is site furniture, and when it is text.

A paragraph is **site furniture** when all of these hold:

1. it has at least ``min_words`` words (default 3). One- and two-word paragraphs
   ("Фото:", "Видео", "Справка") are labels whose meaning depends on the paragraph
   next to them; removing them alone would leave their neighbour dangling. Labels that
   really are furniture belong in the site profile's static ``furniture_patterns``.
2. it occurs in at least ``min_articles`` distinct articles (default 3,
   NEWSCRAWL_FURNITURE_MIN_ARTICLES): two articles sharing a paragraph is a story and
   its follow-up, or a republished correction; three is the least that is a habit of
   the site rather than of one story.
3. and either it occurs in at least ``min_share`` of all articles recorded (default
   0.2, NEWSCRAWL_FURNITURE_MIN_SHARE), or it looks like a promo: it matches one of the
   profile's ``promo_hints`` (subscribe calls, social links, reprint disclaimers).

Examples on the replica (29 articles): the Telegram promo appended to all 25 Russian
bodies (86%) is furniture. The ministry statement quoted verbatim in 3 articles on
prices (10%) is not: it is what those articles report, and a reader of any one of them
must still find it. A promo that only 3 articles carry is furniture through its hint.
The share rule is what tells a series' recurring quote from furniture on a site of
thousands of articles, where 3 articles are 0.1%.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from newscrawl.pipelines.normalize import normalize_chars
from newscrawl.similarity import words

DEFAULT_MIN_ARTICLES = 3
DEFAULT_MIN_SHARE = 0.2
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
    min_words: int = DEFAULT_MIN_WORDS
    promo_hints: tuple[re.Pattern[str], ...] = ()

    def counts(self, text: str) -> bool:
        """Whether the paragraph is long enough to be counted at all."""
        return len(paragraph_words(text)) >= self.min_words

    def is_furniture(self, text: str, articles_with_it: int, articles_seen: int) -> bool:
        if not self.counts(text) or articles_with_it < self.min_articles:
            return False
        if articles_with_it >= self.min_share * articles_seen:
            return True
        return any(hint.search(text) for hint in self.promo_hints)
