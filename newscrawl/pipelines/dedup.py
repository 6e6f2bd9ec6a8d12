"""Stage 2: paragraph deduplication within one article.

A later paragraph is dropped when it only repeats something the reader already has:

* ``title_echo`` — it is the headline again (the CMS body often starts with the title,
  bold or not): the same words (``newscrawl.similarity.words``), whatever the case,
  quotes or punctuation. Only the same words: a lead that rephrases the headline with
  one word changed is the article's first sentence, not an echo;
* ``summary_echo`` — it is the summary (the lead) again, after the lead was kept;
* ``duplicate`` — it equals a kept paragraph after normalization (``paragraph_key``:
  case, spacing and the punctuation at its edges ignored);
* ``near_duplicate`` — it is a near repeat of a kept paragraph: same words with other
  quotes, dashes or inner punctuation, or a few words changed
  (``similarity.is_near_repeat``: word-level Indel similarity >= 0.85).

The first occurrence stays and reading order is kept. Containment is never a repeat,
so no paragraph whose words occur only once is lost. Every decision depends only on
the paragraphs already kept, which makes the stage idempotent: a second pass over its
own output drops nothing.
"""

from __future__ import annotations

from newscrawl.items import Article
from newscrawl.pipelines.base import Dropped, Stage
from newscrawl.similarity import is_near_repeat, words


def paragraph_key(text: str) -> str:
    """What two paragraphs must share to be exactly the same paragraph.

    Edges are trimmed by hand, not with ``re.sub(r"^[\\W_]+|[\\W_]+$", ...)``: same
    result (``[\\W_]`` is "not ``str.isalnum()``"; a test compares the two), but the
    regex tries its second branch at every position of the paragraph.
    """
    key = " ".join(text.casefold().split())
    start, end = 0, len(key)
    while start < end and not key[start].isalnum():
        start += 1
    while end > start and not key[end - 1].isalnum():
        end -= 1
    return key[start:end]


def _echoes(target: tuple[str, ...], paragraph: tuple[str, ...]) -> bool:
    return bool(target) and is_near_repeat(target, paragraph)


def deduplicate(
    body: list[str], title: str, summary: str | None = None
) -> tuple[list[str], list[Dropped]]:
    """The body without repeats, title echoes and summary echoes, plus what was dropped."""
    title_words = words(title)
    summary_words = words(summary or "")
    kept: list[str] = []
    kept_words: list[tuple[str, ...]] = []
    keys: dict[str, str] = {}
    summary_kept: str | None = None
    dropped: list[Dropped] = []
    for paragraph in body:
        key = paragraph_key(paragraph)
        these = words(paragraph)
        if title_words and these == title_words:
            dropped.append(Dropped(paragraph, "title_echo", title))
            continue
        is_summary = _echoes(summary_words, these)
        if is_summary and summary_kept is not None:
            dropped.append(Dropped(paragraph, "summary_echo", summary_kept))
            continue
        if key in keys:
            dropped.append(Dropped(paragraph, "duplicate", keys[key]))
            continue
        earlier = next(
            (kept[i] for i, seen in enumerate(kept_words) if is_near_repeat(seen, these)), None
        )
        if earlier is not None:
            dropped.append(Dropped(paragraph, "near_duplicate", earlier))
            continue
        if is_summary:
            summary_kept = paragraph
        keys.setdefault(key, paragraph)
        kept.append(paragraph)
        kept_words.append(these)
    return kept, dropped


class DeduplicateParagraphsPipeline(Stage):
    def process_item(self, item: Article) -> Article:
        item.body, dropped = deduplicate(item.body, item.title, item.summary)
        for entry in dropped:
            self.drop_paragraph(item, entry)
        return item
