"""A deterministic synthetic Эксперт KZ of any size, made of the replica's own model.

The benchmark needs 1k–50k article pages that look like the real site to a parser:
Cyrillic text in paragraphs of realistic length, dates, tags, images, JSON-LD, and the
K2 artifacts (soft hyphens, ``&nbsp;``, ``<br /><br />`` paragraphs) in the proportions a
news site has. Text comes from a word-bigram chain trained on the replica's hand-written
corpus, so every word is a real Russian or Kazakh word and sentences have the corpus's
shape, yet no two articles are the same. Everything follows from ``(index, seed)``, so
two machines generate byte-identical sites and an article's text can be made on demand
(only the lead is needed for listings; the full text only for the article's own page).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timedelta
from functools import lru_cache

from newscrawl.replica.corpus_base import (
    EKONOMIKA,
    KULTURA,
    MADENIET,
    OBSHCHESTVO,
    QOGAM,
    REGIONY,
    TRANSPORT,
)
from newscrawl.replica.corpus_more import KZ, NOVOSTI
from newscrawl.replica.corpus_tema import TEMA
from newscrawl.replica.furniture import SEED_TAGS
from newscrawl.replica.model import Category, ReplicaArticle, Site
from newscrawl.replica.textutil import make_alias

FIRST_ID = 300_000
NEWEST = datetime(2025, 6, 30, 18, 0)
AUTHORS = (
    "Редакция",
    "Айгерим Сапарова",
    "Данияр Ахметов",
    "Марат Жумабаев",
    "Әсел Нұрланқызы",
    "Ерлан Касымов",
    "Гульнара Бекова",
)
CAPTIONS = ("Фото: архив", "Фото: пресс-служба акимата", "Фото: Shutterstock", "Фото: автора")
CATEGORIES: dict[str, tuple[Category, ...]] = {
    "tema": (OBSHCHESTVO, EKONOMIKA, KULTURA, REGIONY),
    "novosti": (OBSHCHESTVO, EKONOMIKA, TRANSPORT, REGIONY),
    "kz": (QOGAM, MADENIET),
}
_SENTENCE_END = (".", "!", "?")


class _Chain:
    """A word-bigram model of one language's corpus: sentences of real words."""

    def __init__(self, paragraphs: list[str]) -> None:
        self.next: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        for paragraph in paragraphs:
            words = paragraph.split()
            for n, word in enumerate(words):
                sentence_start = n == 0 or words[n - 1].endswith(_SENTENCE_END)
                if sentence_start and word[:1].isupper():
                    self.starts.append(word)
                if n + 1 < len(words):
                    self.next[word].append(words[n + 1])

    def sentence(self, rng: random.Random, low: int = 8, high: int = 22) -> str:
        word = rng.choice(self.starts)
        words = [word]
        while len(words) < high:
            if word.endswith(_SENTENCE_END) and len(words) >= low:
                return " ".join(words)
            followers = self.next.get(word)
            word = rng.choice(followers) if followers else rng.choice(self.starts)
            words.append(word)
        return " ".join(words).rstrip(",.:;!?—–-") + "."

    def paragraph(self, rng: random.Random) -> str:
        return " ".join(self.sentence(rng) for _ in range(rng.randint(2, 5)))

    def title(self, rng: random.Random) -> str:
        return self.sentence(rng, 5, 10).rstrip(".!?")


@lru_cache(maxsize=1)
def _chains() -> dict[str, _Chain]:
    russian = [p for a in TEMA + NOVOSTI for p in a.paragraphs]
    kazakh = [p for a in KZ for p in a.paragraphs]
    return {"ru": _Chain(russian), "kk": _Chain(kazakh)}


@lru_cache(maxsize=1)
def _tag_pool() -> tuple[str, ...]:
    corpus_tags = [t for a in TEMA + NOVOSTI + KZ for t in a.tags]
    return tuple(dict.fromkeys([*corpus_tags, *(t.replace("\xa0", " ") for t in SEED_TAGS)]))


def _menu(index: int) -> str:
    """60% /tema, 30% /novosti, 10% /kz, interleaved as a newsroom publishes."""
    slot = index % 10
    return "tema" if slot < 6 else "novosti" if slot < 9 else "kz"


def article(index: int, seed: int = 1, full: bool = True) -> ReplicaArticle:
    """Article number ``index`` (0 = newest); ``full=False`` keeps only the lead paragraph.

    The lead is drawn from its own random stream, so the light and the full article
    share it exactly (a listing's intro equals the page's lead, as on the real site).
    """
    meta = random.Random(f"{seed}:{index}:meta")
    menu = _menu(index)
    language = "kk" if menu == "kz" else "ru"
    chain = _chains()[language]
    published = NEWEST - timedelta(minutes=_minutes_before(index, seed))
    title = chain.title(meta)
    lead = chain.paragraph(random.Random(f"{seed}:{index}:lead"))
    paragraphs: tuple[str, ...] = (lead,)
    if full:
        body = random.Random(f"{seed}:{index}:body")
        count = body.randint(12, 21)
        paragraphs += tuple(chain.paragraph(body) for _ in range(count))
        paragraphs = tuple(dict.fromkeys(paragraphs))  # a repeat would be deduplicated
    modified = published + timedelta(hours=meta.randint(1, 72)) if meta.random() < 0.1 else None
    tags = tuple(dict.fromkeys(meta.sample(_tag_pool(), meta.randint(1, 4))))
    return ReplicaArticle(
        item_id=FIRST_ID + index,
        alias=make_alias(title)[:80].rstrip("-"),
        menu=menu,
        title=title,
        paragraphs=paragraphs,
        published=published,
        author=meta.choice(AUTHORS),
        category=meta.choice(CATEGORIES[menu]),
        tags=tags,
        modified=modified,
        image_caption=meta.choice(CAPTIONS) if meta.random() < 0.7 else None,
        language=language,
        paragraph_markup="br" if meta.random() < 0.03 else "p",
        noisy_text=meta.random() < 0.1,
        has_jsonld=meta.random() < 0.95,
    )


def _minutes_before(index: int, seed: int) -> int:
    """Publication gaps of 20–120 minutes, summed without a loop over all earlier items.

    A per-article gap drawn from its own stream would need the sum of every newer gap;
    instead the gap pattern repeats every 1,000 items (a 1,000-item block spans about
    seven weeks), which keeps ``article(i)`` O(1) and the dates irregular.
    """
    block, offset = divmod(index, 1000)
    gaps = _gap_prefix(seed)
    return block * gaps[-1] + gaps[offset]


@lru_cache(maxsize=4)
def _gap_prefix(seed: int) -> tuple[int, ...]:
    rng = random.Random(f"{seed}:gaps")
    total, prefix = 0, [0]
    for _ in range(1000):
        total += rng.randint(20, 120)
        prefix.append(total)
    return tuple(prefix)


def light_articles(size: int, seed: int = 1, first: int = 0) -> list[ReplicaArticle]:
    """``size`` articles with their lead only, newest first: for listings and sitemap.

    ``first`` > 0 leaves out the newest ``first`` (the site before they were published)."""
    return [article(i, seed, full=False) for i in range(first, first + size)]


def full_version(light: ReplicaArticle, seed: int = 1) -> ReplicaArticle:
    """The full article behind a light one."""
    full = article(light.item_id - FIRST_ID, seed, full=True)
    return replace(light, paragraphs=full.paragraphs)


def replica_site(count: int, unpublished: int = 0, seed: int = 1, sitemap: bool = True) -> Site:
    """The synthetic site as a replica ``Site`` of full articles, for crawls over HTTP.

    Articles ``unpublished`` .. ``count - 1``: the newest ``unpublished`` are not out yet,
    so the same call with ``unpublished=0`` is the site after they were published.
    ``sitemap=False`` is a K2 site as shipped, whose listings and feeds are the only way
    to its articles."""
    return Site(
        articles=tuple(article(i, seed) for i in range(unpublished, count)), sitemap=sitemap
    )
