"""Explain mode: NEWSCRAWL_EXPLAIN adds `dropped` to the items and to the feed fields."""

from __future__ import annotations

from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.explain import ExplainDrops
from newscrawl.items import FEED_FIELDS, Article
from newscrawl.pipelines.dedup import DeduplicateParagraphsPipeline
from newscrawl.pipelines.furniture import DropFurniturePipeline
from newscrawl.spiders.expertkz import ExpertKzSpider


def fields_with(explain: str | None) -> list[str]:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    if explain is not None:
        settings.set("NEWSCRAWL_EXPLAIN", explain, priority="cmdline")
    ExplainDrops().update_settings(settings)
    return settings.getlist("FEED_EXPORT_FIELDS")


def test_feed_fields_gain_dropped_only_when_explaining() -> None:
    assert fields_with(None) == list(FEED_FIELDS)
    assert fields_with("0") == list(FEED_FIELDS)
    assert fields_with("1") == [*FEED_FIELDS, "dropped"]


def test_stages_record_what_they_drop_and_why() -> None:
    crawler = get_crawler(ExpertKzSpider, {"NEWSCRAWL_EXPLAIN": "1"})
    item = Article(
        url="https://expert-kz.com/tema/item/1-a",
        article_id="1",
        source="expert-kz.com",
        title="Заголовок статьи",
        body=["Заголовок статьи", "Первый абзац.", "Печать", "первый абзац"],
    )
    for stage in (DeduplicateParagraphsPipeline, DropFurniturePipeline):
        item = stage.from_crawler(crawler).process_item(item)
    assert item.body == ["Первый абзац."]
    assert item.dropped == [
        {"text": "Заголовок статьи", "reason": "title_echo", "duplicate_of": "Заголовок статьи"},
        {"text": "первый абзац", "reason": "duplicate", "duplicate_of": "Первый абзац."},
        {"text": "Печать", "reason": "furniture", "duplicate_of": None},
    ]


def test_nothing_recorded_without_explain() -> None:
    crawler = get_crawler(ExpertKzSpider)
    item = Article(url="u", article_id="1", source="s", title="T", body=["A.", "A."])
    item = DeduplicateParagraphsPipeline.from_crawler(crawler).process_item(item)
    assert item.body == ["A."] and item.dropped == []
