"""Stage 3b: site furniture learned across articles (``newscrawl.sitewide``).

Runs after the static furniture stage, on articles released once the whole crawl has
been counted, and removes every paragraph the learner now knows to be furniture
(reason ``site_furniture``). Idempotent: the decision depends on the counts, not on
the article.
"""

from __future__ import annotations

from newscrawl.items import Article
from newscrawl.pipelines.base import Dropped, Stage
from newscrawl.sitewide import learner_for


class DropSiteFurniturePipeline(Stage):
    def process_item(self, item: Article) -> Article:
        learner = learner_for(self.crawler)
        kept = []
        for paragraph in item.body:
            if learner.is_furniture(paragraph):
                self.drop_paragraph(item, Dropped(paragraph, "site_furniture"))
            else:
                kept.append(paragraph)
        item.body = kept
        return item
