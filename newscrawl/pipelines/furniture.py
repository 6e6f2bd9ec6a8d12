"""Stage 3: site furniture that reached the body.

Selectors keep most furniture out; what slips into the text container (the related
list heading, hit counters, print/e-mail labels, "Читайте также: ..." promos) is
matched against the site profile's patterns, one paragraph at a time.
"""

from __future__ import annotations

from newscrawl.items import Article
from newscrawl.pipelines.base import Stage
from newscrawl.sites.base import SiteProfile


def is_furniture(paragraph: str, profile: SiteProfile) -> bool:
    return any(pattern.match(paragraph) for pattern in profile.furniture_patterns)


class DropFurniturePipeline(Stage):
    def process_item(self, item: Article) -> Article:
        kept = [p for p in item.body if not is_furniture(p, self.profile)]
        removed = len(item.body) - len(kept)
        if removed:
            self.stats.inc_value("newscrawl/paragraphs/dropped/furniture", removed)
        item.body = kept
        return item
