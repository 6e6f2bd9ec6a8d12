"""Site furniture learned across articles: the rule, the counts, delivery per file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler

from newscrawl.feed.buffer import ArticleBuffer
from newscrawl.feed.delivery import FileDelivery
from newscrawl.feed.revisions import Revisions
from newscrawl.items import Article
from newscrawl.pipelines.normalize import normalize_text
from newscrawl.replica.model import PROMO_LINE
from newscrawl.similarity import words
from newscrawl.sites.expertkz import PROFILE
from newscrawl.sitewide.learner import STORE_FILE, SiteFurnitureLearner
from newscrawl.sitewide.rule import FurnitureRule, paragraph_hash, paragraph_words
from newscrawl.spiders.expertkz import ExpertKzSpider

QUOTE = (
    "«Правительство держит на постоянном контроле цены на социально значимые товары и "
    "услуги», – заявили в Министерстве национальной экономики."
)
DISCLAIMER = (
    "Материал подготовлен в рамках государственного информационного заказа "
    "Министерства культуры и информации."
)
RULE = FurnitureRule(promo_hints=PROFILE.promo_hints)
START = datetime(2024, 1, 1, tzinfo=UTC)


def article(article_id: int, *extra: str) -> Article:
    """Article ``article_id``, published ``article_id`` hours after START."""
    return Article(
        url=f"https://expert-kz.com/tema/item/{article_id}",
        article_id=str(article_id),
        source="expert-kz.com",
        title=f"Заголовок {article_id}",
        body=[f"Собственный текст статьи номер {article_id}.", *extra],
        published=(START + timedelta(hours=article_id)).isoformat(),
    )


def site(
    n: int = 29, promo_in: int = 25, quote_in: tuple[int, ...] = (3, 9, 15), line: str = PROMO_LINE
) -> list[Article]:
    """The replica's shape: ``line`` in the first ``promo_in``, the quote in three."""
    return [
        article(i, *([QUOTE] if i in quote_in else []), *([line] if i < promo_in else []))
        for i in range(n)
    ]


@pytest.fixture
def stats() -> StatsCollector:
    stats = get_crawler(ExpertKzSpider).stats
    assert stats is not None
    return stats


@pytest.fixture
def learner(tmp_path: Path) -> Iterator[SiteFurnitureLearner]:
    learner = SiteFurnitureLearner(RULE, tmp_path)
    yield learner
    learner.close()


def deliver(
    learner: SiteFurnitureLearner,
    stats: StatsCollector,
    articles: list[Article],
    explain: bool = False,
) -> list[Article]:
    """One feed file's records, committed as the exporter does once it is stored."""
    buffer = ArticleBuffer()
    for item in articles:
        buffer.add(item)
    records = list(FileDelivery(learner, Revisions(None, stats), stats, explain).records(buffer))
    buffer.close()
    learner.commit()
    return records


def is_furniture(learner: SiteFurnitureLearner, text: str) -> bool:
    return paragraph_hash(text) in learner.store.judge()


# -- the rule -----------------------------------------------------------------------------
def test_in_half_of_the_window_once_ten_were_published() -> None:
    assert RULE.is_furniture(25, 29, promo=False)  # the replica's promo
    assert RULE.is_furniture(12, 12, promo=False)  # a new disclaimer on every new article
    assert not RULE.is_furniture(3, 12, promo=False)  # a story's quote
    assert not RULE.is_furniture(5, 9, promo=False)  # too few published yet to judge
    assert RULE.is_furniture(5, 10, promo=False)


def test_promo_like_paragraph_needs_only_three_articles() -> None:
    assert RULE.is_furniture(3, 1000, promo=True)
    assert not RULE.is_furniture(2, 2, promo=True)  # two articles are never a pattern


def test_short_labels_are_never_counted() -> None:
    assert not RULE.counts("Фото:") and not RULE.counts("Видео Telegram")


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
    assert not RULE.is_promo(QUOTE) and not RULE.is_promo(DISCLAIMER)
    assert RULE.is_promo(PROMO_LINE)


# -- the learner ----------------------------------------------------------------------------
def test_replica_promo_is_furniture_its_quote_is_text(learner: SiteFurnitureLearner) -> None:
    for page in site():
        learner.record(page)
    assert is_furniture(learner, PROMO_LINE) and not is_furniture(learner, QUOTE)


def test_new_disclaimer_is_furniture_at_once_after_300_articles(
    learner: SiteFurnitureLearner, stats: StatsCollector
) -> None:
    """Issue 10: 12 of 12 new articles carry a new line; 300 older ones do not."""
    deliver(learner, stats, [article(i) for i in range(300)])
    quoting = (302, 306, 310)
    new = [article(i, *([QUOTE] if i in quoting else []), DISCLAIMER) for i in range(300, 312)]
    records = deliver(learner, stats, new)
    assert [r.article_id for r in records] == [str(i) for i in range(300, 312)]
    assert not any(DISCLAIMER in r.body for r in records)  # learned in the very file
    assert sum(QUOTE in r.body for r in records) == 3  # three articles' quote stays text
    assert stats.get_value("newscrawl/feed/corrections") is None


def test_an_article_counts_once_however_often_it_is_recorded(
    learner: SiteFurnitureLearner,
) -> None:
    for _ in range(3):
        learner.record(article(1, QUOTE, QUOTE))
    learner.record(article(2, QUOTE))
    store = learner.store
    assert store.articles_recorded() == 2
    learner.record(article(1))  # edited: it no longer has the quote
    row = store._db.execute(
        "SELECT articles FROM paragraphs WHERE paragraph = ?", (paragraph_hash(QUOTE),)
    ).fetchone()
    assert row == (1,)


def test_counts_persist_in_the_state_dir(tmp_path: Path, stats: StatsCollector) -> None:
    first = SiteFurnitureLearner(RULE, tmp_path / "state")
    deliver(first, stats, site())
    first.close()
    later = SiteFurnitureLearner(RULE, tmp_path / "state")
    assert is_furniture(later, PROMO_LINE)  # a later run starts knowing the furniture
    later.close()
    assert (tmp_path / "state" / STORE_FILE).exists()


def test_what_no_published_file_carried_is_forgotten(tmp_path: Path, stats: StatsCollector) -> None:
    first = SiteFurnitureLearner(RULE, tmp_path)
    buffer = ArticleBuffer()
    for page in site():
        buffer.add(page)
    list(FileDelivery(first, Revisions(None, stats), stats).records(buffer))
    first.close()  # the file was withheld: no commit
    later = SiteFurnitureLearner(RULE, tmp_path)
    assert later.store.articles_recorded() == 0
    later.close()


# -- delivery per file: corrections and order independence ----------------------------------
def latest(records: list[Article]) -> dict[str, tuple[str, list[str]]]:
    return {r.article_id: (r.fingerprint, r.body) for r in records}


@pytest.mark.parametrize("order", ["reversed", "interleaved", "newest_first"])
@pytest.mark.parametrize("batch", [1, 7])
def test_latest_revision_does_not_depend_on_crawl_order(
    tmp_path: Path, stats: StatsCollector, order: str, batch: int
) -> None:
    whole = SiteFurnitureLearner(RULE, tmp_path / "whole")
    expected = latest(deliver(whole, stats, site(line=DISCLAIMER)))
    whole.close()
    assert not any(DISCLAIMER in body for _, body in expected.values())
    assert sum(QUOTE in body for _, body in expected.values()) == 3
    pages = site(line=DISCLAIMER)
    pages = {
        "reversed": pages[::-1],
        "interleaved": pages[::2] + pages[1::2],
        "newest_first": sorted(pages, key=lambda a: a.published or "", reverse=True),
    }[order]
    learner = SiteFurnitureLearner(RULE, tmp_path / order)
    records: list[Article] = []
    for start in range(0, len(pages), batch):
        records += deliver(learner, stats, pages[start : start + batch])
    learner.close()
    assert latest(records) == expected
    corrections = len(records) - len(pages)
    assert corrections == stats.get_value("newscrawl/feed/corrections", 0)


def test_corrections_only_for_articles_whose_content_changed(
    learner: SiteFurnitureLearner, stats: StatsCollector
) -> None:
    pages = site(line=DISCLAIMER)
    first = deliver(learner, stats, pages[:5])  # window of 5: not judged yet
    assert all(DISCLAIMER in r.body for r in first)
    second = deliver(learner, stats, pages[5:])
    corrected = [r for r in second if r.article_id in {p.article_id for p in pages[:5]}]
    assert [r.article_id for r in corrected] == ["0", "1", "2", "3", "4"]
    assert all(DISCLAIMER not in r.body for r in corrected)
    assert stats.get_value("newscrawl/feed/corrections") == 5


def test_delivery_counts_and_explains_what_it_removes(
    learner: SiteFurnitureLearner, stats: StatsCollector
) -> None:
    records = deliver(learner, stats, site(), explain=True)
    promo = [r for r in records if any(d["text"] == PROMO_LINE for d in r.dropped)]
    assert len(promo) == 25
    assert promo[0].dropped == [
        {"text": PROMO_LINE, "reason": "site_furniture", "duplicate_of": None}
    ]
    assert stats.get_value("newscrawl/paragraphs/dropped/site_furniture") == 25
