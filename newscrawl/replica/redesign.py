"""The item page after a redesign: the site's own class names instead of K2's defaults.

What a customised template override does to the markup a profile's selectors rely on:
the same content, the same metadata, other names. A crawl of it must still deliver every
article (from metadata and the generic path) and must say that the templates changed.
"""

from __future__ import annotations

import re

#: K2's item classes (and the container's id) and what the redesign calls them
RENAMED = {
    "k2Container": "storyPage",
    "itemTitle": "story-headline",
    "itemIntroText": "story-lead",
    "itemFullText": "story-text",
    "itemDateCreated": "story-date",
    "itemAuthor": "story-byline",
    "itemTags": "story-keywords",
    "itemCategory": "story-rubric",
}
_NAMES = re.compile(r"\b(" + "|".join(RENAMED) + r")\b")


def rename_item_classes(page: str) -> str:
    """``page`` with every whole K2 name of ``RENAMED`` replaced (``itemAuthorBlock``
    and other longer names are left as they are)."""
    return _NAMES.sub(lambda match: RENAMED[match.group(1)], page)
