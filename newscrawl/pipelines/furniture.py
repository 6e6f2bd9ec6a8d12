"""Stage 3: site furniture that reached the body.

Selectors keep most furniture out; what slips into the text container (the related
list heading, hit counters, print/e-mail labels, "Читайте также: ..." promos) is
matched against the site profile's patterns, one paragraph at a time.
"""

from __future__ import annotations

from newscrawl.items import Article
from newscrawl.pipelines.base import Dropped, Stage
from newscrawl.sites.base import SiteProfile


def is_furniture(paragraph: str, profile: SiteProfile) -> bool:
    return any(pattern.match(paragraph) for pattern in profile.furniture_patterns)


class DropFurniturePipeline(Stage):
    def process_item(self, item: Article) -> Article:
        kept = []
        for paragraph in item.body:
            if is_furniture(paragraph, self.profile):
                self.drop_paragraph(item, Dropped(paragraph, "furniture"))
            else:
                kept.append(paragraph)
        item.body = kept
        return item
