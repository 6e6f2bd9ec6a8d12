"""Site furniture learned from the site itself: paragraphs that recur across articles.

Some furniture sits inside the article text container, where selectors cannot reach
it: a promo line the CMS appends to every body, an editor's signature, a disclaimer.
It is recognised by recurring in the bodies of many articles published around the
same time (``rule.FurnitureRule``). Nothing holds the crawl for it: an article becomes
visible only when its feed file is complete, so the feed exporter
(``newscrawl.feed.exporter``) judges the rule when a file closes, over the persisted
counts (``store.ParagraphStore``) plus that file's articles, and corrects the articles
of earlier files whose furniture changed (``learner.SiteFurnitureLearner``).
"""
