"""Site furniture learned from the site itself, decided on the whole crawl.

Some furniture sits inside the article text container, where selectors cannot reach
it: a promo line the CMS appends to every body, an editor's signature, a disclaimer.
It is recognised by recurring in the bodies of many different articles
(``rule.FurnitureRule``). For the result not to depend on crawl order, no article may
be written before every article's paragraphs were counted, so:

1. the spider middleware ``hold.HoldArticlesUntilIdle`` takes each article the spider
   yields, counts its paragraphs (``counts``) and spools it to disk (``spool``);
2. when the crawl is otherwise finished (``spider_idle``) it schedules one offline
   ``data:`` request per batch of held articles, whose callback yields the batch;
3. the released articles go through the item pipelines once, where
   ``newscrawl.pipelines.site_furniture`` removes the paragraphs now known to be
   furniture.

One learner per crawler, shared by the middleware and the pipeline stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from newscrawl.sitewide.learner import SiteFurnitureLearner

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

_LEARNERS: WeakKeyDictionary[Crawler, SiteFurnitureLearner] = WeakKeyDictionary()


def learner_for(crawler: Crawler) -> SiteFurnitureLearner:
    """The crawler's learner, created on first use."""
    learner = _LEARNERS.get(crawler)
    if learner is None:
        learner = _LEARNERS[crawler] = SiteFurnitureLearner.from_crawler(crawler)
    return learner


def forget_learner(crawler: Crawler) -> None:
    """Close and forget the crawler's learner (at spider close)."""
    learner = _LEARNERS.pop(crawler, None)
    if learner is not None:
        learner.close()
