"""Each pipeline stage on its own, with a real crawler's stats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.feed.revisions import content_fingerprint
from newscrawl.items import EXPLAIN_FIELDS, FEED_FIELDS, Article
from newscrawl.pipelines.base import Stage
from newscrawl.pipelines.dedup import DeduplicateParagraphsPipeline
from newscrawl.pipelines.furniture import DropFurniturePipeline
from newscrawl.pipelines.normalize import NormalizeTextPipeline
from newscrawl.pipelines.validate import ValidatePipeline
from newscrawl.spiders.expertkz import ExpertKzSpider

S = TypeVar("S", bound=Stage)


def stage(cls: type[S]) -> S:
    crawler = get_crawler(ExpertKzSpider)
    return cls.from_crawler(crawler)


def article(**changes: object) -> Article:
    base = Article(
        url="https://expert-kz.com/tema/item/1-a",
        article_id="1",
        source="expert-kz.com",
        title="Заголовок",
        body=["Первый абзац."],
        published="2024-11-27T10:15:00+05:00",
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_normalize_every_text_field() -> None:
    item = article(
        title=" Заголовок\u00a0статьи ",
        body=["Текст , с пробелом .", "\u200b", "  "],
        summary="\u00ad",
        authors=[" Редакция ", "Редакция"],
        tags=["Алматы", " Алматы"],
        images=[{"url": "https://x/1.jpg", "caption": " Фото :  ТАСС "}],
    )
    out = stage(NormalizeTextPipeline).process_item(item)
    assert out.title == "Заголовок статьи"
    assert out.body == ["Текст, с пробелом."]
    assert out.summary is None
    assert out.authors == ["Редакция"]
    assert out.tags == ["Алматы"]
    assert out.images == [{"url": "https://x/1.jpg", "caption": "Фото: ТАСС"}]


def test_dedup_counts_by_reason() -> None:
    pipeline = stage(DeduplicateParagraphsPipeline)
    out = pipeline.process_item(article(body=["Заголовок", "А.", "Б.", "А."]))
    assert out.body == ["А.", "Б."]
    assert pipeline.stats.get_value("newscrawl/paragraphs/dropped/duplicate") == 1
    assert pipeline.stats.get_value("newscrawl/paragraphs/dropped/title_echo") == 1


@pytest.mark.parametrize(
    "furniture",
    [
        "Похожее",
        "Читайте также: В Алматы открыли новый парк",
        "Прочитано 412 раз",
        "Печать",
        "Эл. почта",
        "Опубликовано в Общество",
        "Другие материалы в этой категории:",
    ],
)
def test_furniture_dropped(furniture: str) -> None:
    pipeline = stage(DropFurniturePipeline)
    out = pipeline.process_item(article(body=["Текст.", furniture, "Ещё текст."]))
    assert out.body == ["Текст.", "Ещё текст."]
    assert pipeline.stats.get_value("newscrawl/paragraphs/dropped/furniture") == 1


def test_text_that_mentions_furniture_words_is_kept() -> None:
    body = ["Похожее решение приняли в Астане.", "Читайте также внимательно договор."]
    assert stage(DropFurniturePipeline).process_item(article(body=list(body))).body == body


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"url": ""}, "missing_url"),
        ({"title": ""}, "missing_title"),
        ({"body": []}, "missing_body"),
        ({"published": None}, "missing_published"),
    ],
)
def test_validate_drops_with_reason(changes: dict[str, object], reason: str) -> None:
    pipeline = stage(ValidatePipeline)
    with pytest.raises(DropItem, match=reason):
        pipeline.process_item(article(**changes))
    assert pipeline.stats.get_value(f"newscrawl/dropped/{reason}") == 1


def test_validate_drops_second_copy_of_an_article() -> None:
    pipeline = stage(ValidatePipeline)
    pipeline.process_item(article())
    with pytest.raises(DropItem, match="duplicate_article"):
        pipeline.process_item(article(url="https://expert-kz.com/novosti/item/1-a"))


def test_fingerprint_is_content_only() -> None:
    one = content_fingerprint("Заголовок", ["Первый абзац."])
    assert one == content_fingerprint("Заголовок", ["Первый абзац."])
    assert content_fingerprint("Заголовок", ["Первый абзац!"]) != one
    assert content_fingerprint("Заголовок", ["Первый", "абзац."]) != one


def test_schema_documents_exactly_the_feed_fields() -> None:
    schema_path = Path(__file__).parent.parent / "newscrawl" / "article.schema.json"
    schema = json.loads(schema_path.read_text())
    assert list(schema["properties"]) == [*FEED_FIELDS, *EXPLAIN_FIELDS]
    assert schema["required"] == list(FEED_FIELDS)  # explain fields are optional
