"""The site-furniture learner: counts paragraphs across articles, holds articles back.

Where it keeps its two SQLite files:

* the counts go to ``NEWSCRAWL_STATE_DIR/furniture.sqlite`` in incremental runs, so a
  later run starts knowing the site's furniture; else to ``JOBDIR`` (a paused crawl
  resumes with its counts); else to a temporary directory removed at the end;
* the spool of held articles goes to ``JOBDIR`` when set (held articles survive a
  pause), else to the temporary directory. It never goes to the state directory: a
  held article belongs to one crawl.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from newscrawl.items import Article
from newscrawl.sites import profile_from_settings
from newscrawl.sitewide.counts import OccurrenceCounts
from newscrawl.sitewide.rule import (
    DEFAULT_MIN_ARTICLES,
    DEFAULT_MIN_SHARE,
    FurnitureRule,
    paragraph_words,
    words_hash,
)
from newscrawl.sitewide.spool import ArticleSpool

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

COUNTS_FILE = "furniture.sqlite"
SPOOL_FILE = "furniture-spool.sqlite"


class SiteFurnitureLearner:
    def __init__(self, rule: FurnitureRule, counts_dir: Path | None, spool_dir: Path | None):
        self.rule = rule
        self._tmp = (
            Path(tempfile.mkdtemp(prefix="newscrawl-furniture-"))
            if counts_dir is None or spool_dir is None
            else None
        )
        counts_dir = counts_dir or self._tmp
        spool_dir = spool_dir or self._tmp
        assert counts_dir is not None and spool_dir is not None
        counts_dir.mkdir(parents=True, exist_ok=True)
        spool_dir.mkdir(parents=True, exist_ok=True)
        self.counts = OccurrenceCounts(counts_dir / COUNTS_FILE)
        self.spool = ArticleSpool(spool_dir / SPOOL_FILE)
        self._articles_seen: int | None = None
        #: paragraphs counted in at least ``rule.min_articles`` articles, with their
        #: counts: read once when the first released paragraph is judged, dropped again
        #: by ``learn`` (every other paragraph has fewer and cannot be furniture)
        self._frequent: dict[int, int] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteFurnitureLearner:
        settings = crawler.settings
        rule = FurnitureRule(
            min_articles=settings.getint("NEWSCRAWL_FURNITURE_MIN_ARTICLES", DEFAULT_MIN_ARTICLES),
            min_share=settings.getfloat("NEWSCRAWL_FURNITURE_MIN_SHARE", DEFAULT_MIN_SHARE),
            promo_hints=profile_from_settings(settings).promo_hints,
        )
        incremental = settings.getbool("NEWSCRAWL_INCREMENTAL")
        state = settings.get("NEWSCRAWL_STATE_DIR") if incremental else None
        jobdir = settings.get("JOBDIR")
        counts_dir = Path(state) if state else Path(jobdir) if jobdir else None
        return cls(rule, counts_dir, Path(jobdir) if jobdir else None)

    # -- learning -------------------------------------------------------------------------
    def learn(self, article: Article) -> None:
        """Count the article's paragraphs (each once), without holding it."""
        min_words = self.rule.min_words
        counted = (paragraph_words(p) for p in article.body)
        hashes = [words_hash(w) for w in counted if len(w) >= min_words]
        self.counts.record(article.article_id or article.url, hashes)
        self._articles_seen = None
        self._frequent = None

    def hold(self, article: Article) -> None:
        """Learn from the article and keep it on disk until ``release``."""
        self.learn(article)
        self.spool.put(article)

    # -- releasing ------------------------------------------------------------------------
    def held(self) -> int:
        return len(self.spool)

    def release(self, limit: int) -> list[Article]:
        """The next held articles, in article-id order."""
        self.counts.commit()
        return self.spool.take(limit)

    def is_furniture(self, paragraph: str) -> bool:
        """Whether ``paragraph`` is learned site furniture, on everything counted so far."""
        counted = paragraph_words(paragraph)
        if len(counted) < self.rule.min_words:  # rule.counts(paragraph)
            return False
        if self._frequent is None:
            self._frequent = self.counts.frequent(self.rule.min_articles)
        with_it = self._frequent.get(words_hash(counted), 0)
        if with_it < self.rule.min_articles:
            return False
        if self._articles_seen is None:
            self._articles_seen = self.counts.articles_seen()
        return self.rule.is_furniture(paragraph, with_it, self._articles_seen)

    def close(self) -> None:
        left = self.held()
        if left:
            logger.warning(
                "%d held articles were not released: the crawl closed before it was idle "
                "(with JOBDIR they are released when the crawl resumes)",
                left,
            )
        self.counts.close()
        self.spool.close()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
