"""The site-furniture learner: records articles, judges the rule, strips the furniture.

Its file (``ParagraphStore``) is ``NEWSCRAWL_STATE_DIR/site-furniture.sqlite`` in
incremental runs, so a later run starts knowing the site's habits; else ``JOBDIR`` (a
paused crawl resumes with its counts); else a temporary directory removed at the end.
Records kept for corrections are pruned, at the end of a run, for articles published
more than ``NEWSCRAWL_FURNITURE_KEEP_DAYS`` before the newest one.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newscrawl.items import Article
from newscrawl.sites import profile_from_settings
from newscrawl.sitewide.rule import (
    DEFAULT_MIN_ARTICLES,
    DEFAULT_MIN_SHARE,
    DEFAULT_MIN_WINDOW,
    FurnitureRule,
    paragraph_words,
    words_hash,
)
from newscrawl.sitewide.store import ParagraphStore

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

STORE_FILE = "site-furniture.sqlite"
DAY = 86_400


def published_epoch(article: Article) -> int:
    """Publication time in epoch seconds (the crawl time when the page gives none)."""
    for value in (article.published, article.crawled_at):
        if value:
            try:
                return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
            except ValueError:
                continue
    return 0


class SiteFurnitureLearner:
    def __init__(
        self, rule: FurnitureRule, directory: Path | None = None, keep_days: float = 30
    ) -> None:
        self.rule = rule
        self.keep_days = keep_days
        self._tmp = None if directory else Path(tempfile.mkdtemp(prefix="newscrawl-furniture-"))
        directory = directory or self._tmp
        assert directory is not None
        directory.mkdir(parents=True, exist_ok=True)
        self.store = ParagraphStore(directory / STORE_FILE, rule)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteFurnitureLearner:
        settings = crawler.settings
        rule = FurnitureRule(
            min_articles=settings.getint("NEWSCRAWL_FURNITURE_MIN_ARTICLES", DEFAULT_MIN_ARTICLES),
            min_share=settings.getfloat("NEWSCRAWL_FURNITURE_MIN_SHARE", DEFAULT_MIN_SHARE),
            min_window=settings.getint("NEWSCRAWL_FURNITURE_MIN_WINDOW", DEFAULT_MIN_WINDOW),
            promo_hints=profile_from_settings(settings).promo_hints,
        )
        state = settings.get("NEWSCRAWL_STATE_DIR")
        jobdir = settings.get("JOBDIR")
        directory = (
            Path(state)
            if state and settings.getbool("NEWSCRAWL_INCREMENTAL")
            else Path(jobdir)
            if jobdir
            else None
        )
        return cls(rule, directory, settings.getfloat("NEWSCRAWL_FURNITURE_KEEP_DAYS", 30))

    def _counted(self, body: list[str]) -> dict[int, str]:
        counted: dict[int, str] = {}
        for paragraph in body:
            found = paragraph_words(paragraph)
            if len(found) >= self.rule.min_words:
                counted.setdefault(words_hash(found), paragraph)
        return counted

    def record(self, article: Article, encoded: bytes | None = None) -> None:
        """Count the article's paragraphs (each once) and keep it for corrections
        (``encoded``: its JSON, when the caller has it already)."""
        self.store.record(article, published_epoch(article), self._counted(article.body), encoded)

    def decide(self) -> tuple[frozenset[int], frozenset[int]]:
        """The furniture now, and the paragraphs whose decision changed since the last
        delivered file (articles delivered with them need a correction)."""
        furniture = self.store.judge()
        changed = furniture ^ self.store.furniture
        self.store.adopt(furniture)
        return furniture, changed

    def split(self, body: list[str], furniture: frozenset[int]) -> tuple[list[str], list[str]]:
        """The body without ``furniture``, and the paragraphs removed."""
        kept: list[str] = []
        removed: list[str] = []
        for paragraph in body:
            found = paragraph_words(paragraph)
            is_furniture = len(found) >= self.rule.min_words and words_hash(found) in furniture
            (removed if is_furniture else kept).append(paragraph)
        return kept, removed

    def delivered(self, article_id: str, fingerprint: str) -> None:
        self.store.delivered(article_id, fingerprint)

    def to_correct(self, changed: frozenset[int]) -> list[str]:
        """Ids of delivered articles that carry a paragraph whose decision changed."""
        return self.store.delivered_with(changed)

    def delivered_article(self, key: str) -> tuple[Article | None, str | None]:
        return self.store.delivered_article(key)

    def commit(self) -> None:
        self.store.commit()

    def close(self) -> None:
        """Drop what no published file carried, prune old records, close."""
        self.store.discard_uncommitted()
        newest = self.store.newest()
        if newest is not None and self.keep_days >= 0:
            self.store.prune_records(newest - int(self.keep_days * DAY))
        self.store.commit()
        self.store.close()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
