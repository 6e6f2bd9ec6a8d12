"""What one feed file carries, decided when it closes.

1. Every buffered article is recorded in the site-furniture counts (its body as the
   item pipelines left it), so the rule is judged over everything recorded before plus
   this file's articles.
2. Each article loses the paragraphs now judged furniture (reason ``site_furniture``),
   is fingerprinted, and is emitted unless the incremental state has it unchanged.
3. Articles delivered in earlier files (of this run or earlier ones) that carry a
   paragraph whose decision changed are emitted again, corrected, when their
   fingerprint changed: a new revision (counted ``newscrawl/feed/corrections``). So the
   latest revision of every article follows the rule over everything recorded, in
   whatever order the articles were crawled.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from newscrawl.feed.buffer import ArticleBuffer
from newscrawl.feed.revisions import Revisions, content_fingerprint
from newscrawl.items import Article
from newscrawl.sitewide.learner import SiteFurnitureLearner

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class FileDelivery:
    def __init__(
        self,
        learner: SiteFurnitureLearner,
        revisions: Revisions,
        stats: StatsCollector,
        explain: bool = False,
    ) -> None:
        self.learner = learner
        self.revisions = revisions
        self.stats = stats
        self.explain = explain

    def records(self, buffer: ArticleBuffer) -> Iterator[Article]:
        """The file's records, in order: its own articles, then corrections."""
        for article, encoded in buffer.entries():
            self.learner.record(article, encoded)
        furniture, changed = self.learner.decide()
        # listed before this file's articles count as delivered
        to_correct = self.learner.to_correct(changed)
        for article in buffer:
            if self._deliver(article, furniture):
                yield article
        for key in to_correct:
            earlier, fingerprint = self.learner.delivered_article(key)
            if earlier is None:
                self.stats.inc_value("newscrawl/feed/corrections_unavailable")
                logger.warning(
                    "Article %s needs a correction (its site furniture changed) but its "
                    "record was pruned (NEWSCRAWL_FURNITURE_KEEP_DAYS); a re-crawl corrects it",
                    key,
                )
                continue
            if self._deliver(earlier, furniture, fingerprint):
                self.stats.inc_value("newscrawl/feed/corrections")
                yield earlier

    def _deliver(
        self, article: Article, furniture: frozenset[int], delivered: str | None = None
    ) -> bool:
        """Strip ``article`` of ``furniture``, fingerprint it; whether it is emitted."""
        kept, removed = self.learner.split(article.body, furniture)
        for paragraph in removed:
            self.stats.inc_value("newscrawl/paragraphs/dropped/site_furniture")
            if self.explain:
                article.dropped.append(
                    {"text": paragraph, "reason": "site_furniture", "duplicate_of": None}
                )
        key = article.article_id or article.url
        if not kept:
            self.stats.inc_value("newscrawl/dropped/missing_body")
            logger.warning("Dropped %s: its whole body is site furniture", article.url)
            return False
        article.body = kept
        article.fingerprint = content_fingerprint(article.title, kept)
        if delivered is not None and article.fingerprint == delivered:
            self.learner.delivered(key, article.fingerprint)
            return False
        emitted = self.revisions.emit(article)
        self.learner.delivered(key, article.fingerprint)
        return emitted
