"""Site furniture learned across articles: the rule, the counts, the spool, the stage."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapy.utils.test import get_crawler

from newscrawl.items import Article
from newscrawl.pipelines.normalize import normalize_text
from newscrawl.pipelines.site_furniture import DropSiteFurniturePipeline
from newscrawl.replica.model import PROMO_LINE
from newscrawl.similarity import words
from newscrawl.sites.expertkz import PROFILE
from newscrawl.sitewide import forget_learner, learner_for
from newscrawl.sitewide.counts import OccurrenceCounts
from newscrawl.sitewide.learner import SiteFurnitureLearner
from newscrawl.sitewide.rule import FurnitureRule, paragraph_hash, paragraph_words
from newscrawl.sitewide.scratch_db import COMMIT_EVERY
from newscrawl.sitewide.spool import ArticleSpool
from newscrawl.spiders.expertkz import ExpertKzSpider

QUOTE = (
    "«Правительство держит на постоянном контроле цены на социально значимые товары и "
    "услуги», – заявили в Министерстве национальной экономики."
)
RULE = FurnitureRule(promo_hints=PROFILE.promo_hints)


def article(article_id: int, *extra: str) -> Article:
    body = [f"Собственный текст статьи номер {article_id}.", *extra]
    return Article(
        url=f"https://expert-kz.com/tema/item/{article_id}",
        article_id=str(article_id),
        source="expert-kz.com",
        title=f"Заголовок {article_id}",
        body=body,
        published="2024-11-27T10:15:00+05:00",
    )


def site(n: int = 29, promo_in: int = 25, quote_in: int = 3) -> list[Article]:
    """n articles; the promo in the first ``promo_in``, the quote in the last ``quote_in``."""
    return [
        article(
            i,
            *([QUOTE] if i >= n - quote_in else []),
            *([PROMO_LINE] if i < promo_in else []),
        )
        for i in range(n)
    ]


@pytest.fixture
def learner(tmp_path: Path) -> Iterator[SiteFurnitureLearner]:
    learner = SiteFurnitureLearner(RULE, tmp_path, tmp_path)
    yield learner
    learner.close()


# -- the rule -----------------------------------------------------------------------------
def test_promo_on_most_articles_is_furniture() -> None:
    assert RULE.is_furniture(PROMO_LINE, 25, 29)


def test_quote_recurring_in_three_of_29_articles_is_text() -> None:
    assert not RULE.is_furniture(QUOTE, 3, 29)  # 10% < 20%: the news of three articles
    assert RULE.is_furniture(QUOTE, 6, 29)  # in a fifth of the site: a fixture of it


def test_promo_like_paragraph_needs_only_three_articles() -> None:
    assert RULE.is_furniture(PROMO_LINE, 3, 1000)
    assert not RULE.is_furniture(PROMO_LINE, 2, 2)  # two articles are never a pattern


def test_short_labels_are_never_learned() -> None:
    assert not RULE.is_furniture("Фото:", 29, 29)
    assert not RULE.is_furniture("Видео Telegram", 29, 29)


def test_hash_ignores_case_quotes_and_spacing() -> None:
    same = '"подписывайтесь" на канал.'
    assert paragraph_hash("«Подписывайтесь» на  канал") == paragraph_hash(same)


_CHARS = "аёЁйи\u0306e\u0301 \u00a0\u2009\u00ad\u200b\ufeff.,;:!?«»-–\n\tZ7_"
_TEXT = st.text(st.sampled_from(_CHARS), max_size=40)


@given(_TEXT)
def test_counted_words_are_the_normalized_texts_words(text: str) -> None:
    # paragraph_words skips normalize_text's spacing fixes, which never touch a word
    assert paragraph_words(text) == words(normalize_text(text))


def test_hints_are_not_fooled_by_ordinary_words() -> None:
    assert not any(hint.search(QUOTE) for hint in PROFILE.promo_hints)
    assert any(hint.search(PROMO_LINE) for hint in PROFILE.promo_hints)


# -- counts and spool ---------------------------------------------------------------------
def test_an_article_counts_once_however_often_it_is_recorded(tmp_path: Path) -> None:
    counts = OccurrenceCounts(tmp_path / "c.sqlite")
    for _ in range(3):
        counts.record("1", [7, 7, 8])
    counts.record("2", [7])
    assert (counts.articles_with(7), counts.articles_with(8), counts.articles_seen()) == (2, 1, 2)
    counts.record("1", [9])  # the article was edited: it no longer has 7 and 8
    assert (counts.articles_with(7), counts.articles_with(8)) == (1, 0)
    counts.close()


def test_spool_releases_in_article_id_order_in_batches(tmp_path: Path) -> None:
    spool = ArticleSpool(tmp_path / "s.sqlite")
    for i in (193315, 99, 181204, 1000):
        spool.put(article(i))
    assert [a.article_id for a in spool.take(3)] == ["99", "1000", "181204"]
    assert len(spool) == 1
    assert spool.take(3)[0] == article(193315)
    assert spool.take(3) == [] and len(spool) == 0
    spool.close()


def test_held_articles_reach_the_disk_in_batches_not_at_release(tmp_path: Path) -> None:
    """Every COMMIT_EVERY puts are committed: another connection (a crashed crawl's
    successor reading a JOBDIR spool) sees them before anything is released."""
    spool = ArticleSpool(tmp_path / "s.sqlite")
    for i in range(1, COMMIT_EVERY + 2):
        spool.put(article(i))
    reader = sqlite3.connect(tmp_path / "s.sqlite")
    (on_disk,) = reader.execute("SELECT count(*) FROM spool").fetchone()
    assert on_disk == COMMIT_EVERY  # the last put waits for the next batch (or close)
    spool.close()
    assert reader.execute("SELECT count(*) FROM spool").fetchone() == (COMMIT_EVERY + 1,)
    reader.close()


# -- the learner: order independence --------------------------------------------------------
@pytest.mark.parametrize("order", ["crawl", "reversed", "interleaved"])
def test_decisions_do_not_depend_on_the_order_pages_were_seen(tmp_path: Path, order: str) -> None:
    pages = site()
    if order == "reversed":
        pages.reverse()
    elif order == "interleaved":
        pages = pages[::2] + pages[1::2]
    learner = SiteFurnitureLearner(RULE, tmp_path, tmp_path)
    for page in pages:
        learner.hold(page)
    released = list(itertools.chain.from_iterable(iter(lambda: learner.release(10), [])))
    assert [a.article_id for a in released] == [str(i) for i in range(29)]
    assert learner.is_furniture(PROMO_LINE) and not learner.is_furniture(QUOTE)
    learner.close()


def test_counts_persist_in_the_state_dir(tmp_path: Path) -> None:
    first = SiteFurnitureLearner(RULE, tmp_path / "state", None)
    for page in site():
        first.learn(page)
    first.close()
    later = SiteFurnitureLearner(RULE, tmp_path / "state", None)
    assert later.is_furniture(PROMO_LINE)  # a later run starts knowing the furniture
    later.close()
    assert [p.name for p in (tmp_path / "state").iterdir()] == ["furniture.sqlite"]


# -- the pipeline stage ---------------------------------------------------------------------
def test_stage_removes_learned_furniture_counts_and_explains() -> None:
    crawler = get_crawler(ExpertKzSpider, {"NEWSCRAWL_EXPLAIN": True})
    for page in site():
        learner_for(crawler).learn(page)
    stage = DropSiteFurniturePipeline.from_crawler(crawler)
    item = site()[-1]  # has both the quote and, being id 28 >= 25, no promo: add it
    item.body.append(PROMO_LINE)
    out = stage.process_item(item)
    forget_learner(crawler)
    assert out.body == ["Собственный текст статьи номер 28.", QUOTE]
    assert out.dropped == [{"text": PROMO_LINE, "reason": "site_furniture", "duplicate_of": None}]
    assert stage.stats.get_value("newscrawl/paragraphs/dropped/site_furniture") == 1
