"""The replica's content: the default Site, the CASES map, and the expected-value helpers.

This module is what end-to-end tests import: the Site is the source of truth the crawler's
feed is compared against (`expected_records(site, base_url)`).

CASES maps each edge case to the item id that carries it (one article per case):

* seed (193315): the real seed page under /tema. Lead in itemIntroText, six paragraphs in
  itemFullText followed by the lead AGAIN (repeat_lead_at_end). The raw HTML keeps the seed's
  "ремесленничества , укрепления" and "художников ." (explicit noise); clean values don't.
* intro_only (192044): fulltext empty, so K2 puts the intro in div.itemFullText and renders
  no div.itemIntroText.
* br_paragraphs (190112): paragraphs separated by <br /><br />, no <p> elements.
* noisy_text (193330): &nbsp;, &shy; inside words and spaces before , and . in the HTML.
* windows_1251 (187330): body bytes are cp1251; the charset is only in
  <meta http-equiv="content-type">, the HTTP Content-Type is plain "text/html".
* kazakh (194580): Kazakh text in /kz with all of ә ғ қ ң ө ұ ү һ і; <html lang="kk-kz">.
* before_march_2024 (191288): published 2024-02-28 18:40 local, so +06:00.
* quoted_title (191690): title with "..." quotes: &quot; in h2/<title>/JSON-LD headline,
  &amp;quot; in og:title, twitter:title and the image alt.
* utm_only (192380): every link to it (home page, /novosti listing) carries utm_* params;
  not in the sitemap, RSS or any related/digest block.
* dead_link (196544): listed in /novosti, but its item URL answers 404.
* sitemap_only (197045): only in sitemap.xml (listed=False, in_rss=False, never linked).
* page2_only (181204): only on /tema?start=14 (not in sitemap/RSS, never linked elsewhere).
* modified (193321): has dateModified and span.itemDateModified.
* no_jsonld (186902): older K2 layout without JSON-LD; date only in span.itemDateCreated.
* fragment_link (195212): linked from the home page with a #fragment.
"""

from __future__ import annotations

from newscrawl.replica.corpus_more import DEAD_LINKS, KZ, NOVOSTI
from newscrawl.replica.corpus_tema import SEED, TEMA
from newscrawl.replica.model import (
    MENUS,
    SOURCE,
    UTM_QUERY,
    Category,
    DeadLink,
    ReplicaArticle,
    Site,
    expected_record,
    expected_records,
    image_path,
)

__all__ = [
    "CASES",
    "DEFAULT_SITE",
    "MENUS",
    "SEED",
    "SOURCE",
    "UTM_QUERY",
    "Category",
    "DeadLink",
    "ReplicaArticle",
    "Site",
    "default_site",
    "expected_record",
    "expected_records",
    "image_path",
]

CASES: dict[str, int] = {
    "seed": 193315,
    "intro_only": 192044,
    "br_paragraphs": 190112,
    "noisy_text": 193330,
    "windows_1251": 187330,
    "kazakh": 194580,
    "before_march_2024": 191288,
    "quoted_title": 191690,
    "utm_only": 192380,
    "dead_link": 196544,
    "sitemap_only": 197045,
    "page2_only": 181204,
    "modified": 193321,
    "no_jsonld": 186902,
    "fragment_link": 195212,
}

DEFAULT_SITE = Site(articles=TEMA + NOVOSTI + KZ, dead_links=DEAD_LINKS)
"""The shipped site: 29 articles (19 /tema, 6 /novosti, 4 /kz) and one dead link."""


def default_site() -> Site:
    """The shipped site (immutable, so returning the shared instance is safe)."""
    return DEFAULT_SITE
