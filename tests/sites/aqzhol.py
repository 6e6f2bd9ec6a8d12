"""A second K2 site, for tests only: Ақ Жол Ақпарат (``aqzhol.example.kz``).

Everything a new site on Joomla + K2 needs is this one file: its profile (the K2 markup
comes from ``newscrawl.platforms.k2``; the sections, menu paths, languages, feeds and
furniture are its own) and its spider, the project's discovery bound to the profile::

    scrapy crawl aqzhol -s SPIDER_MODULES=newscrawl.spiders,tests.sites.aqzhol ...

Its sections differ from Эксперт KZ's: news in Kazakh under ``/zhanalyqtar``, analysis
in Russian under ``/analitika``, Russian news under ``/orysha``.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from newscrawl.platforms import k2
from newscrawl.sites import register
from newscrawl.sites.base import Section, SiteProfile
from newscrawl.spiders.expertkz import ExpertKzSpider

SECTIONS = (
    Section("/analitika", "ru"),
    Section("/zhanalyqtar", "kk"),
    Section("/orysha", "ru"),
)

PROFILE = register(
    SiteProfile(
        name="aqzhol",
        source="aqzhol.example.kz",
        default_base_url="https://aqzhol.example.kz",
        sections=SECTIONS,
        feeds=tuple(f"{s.path}?format=feed&type=rss" for s in SECTIONS),
        article_path=k2.ITEM_PATH,
        fields=k2.item_fields(),
        listing=k2.LISTING,
        timezone="Asia/Almaty",
        date_languages=("kk", "ru"),
        ignored_query_params=k2.PRINT_PARAMS,
        furniture_patterns=tuple(
            re.compile(rf"^(?:{p})$", re.IGNORECASE)
            for p in (
                r"Похожее",
                r"Ұқсас материалдар",
                r"Читайте (также|еще|ещё)\s*:.*",
                r"Прочитано \d+ раз",
                r"Печать",
            )
        ),
        hooks=k2.K2Hooks(),
    )
)


class AqZholSpider(ExpertKzSpider):
    """The project's discovery for this site."""

    name = "aqzhol"
    profile = PROFILE
    custom_settings: ClassVar[dict[str, Any]] = {"NEWSCRAWL_SITE": PROFILE.name}
