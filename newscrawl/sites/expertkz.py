"""Эксперт KZ (expert-kz.com): Joomla 3 + K2 with the default K2 router.

Selectors follow K2's default item and category templates (see
shared/site-notes/k2-markup.md); furniture patterns come from what the site glues
around and into article text (the seed page).
"""

from __future__ import annotations

import re

from newscrawl.sites.base import FieldSelectors, ListingSelectors, Section, SiteProfile

_FURNITURE = (
    r"Похожее",
    r"Похожие материалы.*",
    r"Читайте (также|еще|ещё)\s*:.*",
    r"Прочитано \d+ раз",
    r"Печать",
    r"Эл\. почта",
    r"размер шрифта.*",
    r"(уменьшить|увеличить) размер шрифта",
    r"Наверх",
    r"Опубликовано в.*",
    r"Теги:?",
    r"Другие материалы в этой категории:?",
    r"Последнее изменение .*\d{4}.*",
    r"Нажмите для предварительного просмотра изображения",
)

# Calls to subscribe or follow, social links and reprint disclaimers: what a CMS or an
# editor appends to bodies. Only a hint: the paragraph must also recur (sitewide.rule).
_PROMO_HINTS = (
    r"\bподпис\w* на\b",
    r"\b(telegram|телеграм|instagram|инстаграм|whatsapp|youtube|tiktok|facebook|vk)\b",
    r"\bt\.me/|@\w{3,}",
    r"\bжазылыңыз\b",
    r"мнение (автора|редакции) может не совпадать",
    r"при (использовании|перепечатке|копировании) (материалов|материала)",
)

PROFILE = SiteProfile(
    name="expertkz",
    source="expert-kz.com",
    default_base_url="https://expert-kz.com",
    sections=(
        Section("/tema", "ru"),
        Section("/novosti", "ru"),
        Section("/kz", "kk"),
    ),
    feeds=(
        "/tema?format=feed&type=rss",
        "/novosti?format=feed&type=rss",
        "/kz?format=feed&type=rss",
    ),
    article_path=re.compile(
        r"^/(?P<menu>[\w-]+)/item/(?P<id>\d+)(?:-(?P<alias>[^/?#]*))?/?(?:[?#]|$)"
    ),
    fields=FieldSelectors(
        title="#k2Container h2.itemTitle",
        intro="#k2Container div.itemIntroText",
        fulltext="#k2Container div.itemFullText",
        published="#k2Container span.itemDateCreated",
        modified="#k2Container span.itemDateModified",
        authors="#k2Container span.itemAuthor",
        section="#k2Container div.itemCategory a",
        tags="#k2Container ul.itemTags li a",
        image="#k2Container div.itemImageBlock span.itemImage img",
        image_caption="#k2Container div.itemImageBlock span.itemImageCaption",
        body_noise=(
            "script",
            "style",
            "noscript",
            "iframe",
            "form",
            ".itemRelated",
            ".itemSocialSharing",
            ".itemToolbar",
            ".itemHits",
        ),
    ),
    listing=ListingSelectors(
        entry="div.catItemView",
        entry_link="h3.catItemTitle a::attr(href), a.k2ReadMore::attr(href)",
        entry_date="span.catItemDateCreated::text",
        next_page=".k2Pagination li.pagination-next a::attr(href)",
    ),
    timezone="Asia/Almaty",
    date_languages=("ru", "kk"),
    ignored_query_params=("tmpl", "print", "fbclid", "gclid", "yclid", "_openstat", "from"),
    furniture_patterns=tuple(re.compile(rf"^(?:{p})$", re.IGNORECASE) for p in _FURNITURE),
    promo_hints=tuple(re.compile(p, re.IGNORECASE) for p in _PROMO_HINTS),
    author_labels=("Автор", "Written by", "Автор материала"),
    extra_hosts=("www.expert-kz.com",),
)
