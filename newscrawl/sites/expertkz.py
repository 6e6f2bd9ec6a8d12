"""Эксперт KZ (expert-kz.com): Joomla 3 + K2 with the default K2 router.

The markup is K2's default item and category templates (``newscrawl.platforms.k2``);
what is this site's own is here: its sections and their languages (Russian, and
Kazakh under ``/kz``), its feeds, Almaty's time zone, and the furniture it glues
around and into article text (the seed page).
"""

from __future__ import annotations

import re

from newscrawl.platforms import k2
from newscrawl.sites.base import Section, SiteProfile

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
    article_path=k2.ITEM_PATH,
    fields=k2.item_fields(),
    listing=k2.LISTING,
    timezone="Asia/Almaty",
    date_languages=("ru", "kk"),
    ignored_query_params=(*k2.PRINT_PARAMS, "fbclid", "gclid", "yclid", "_openstat", "from"),
    furniture_patterns=tuple(re.compile(rf"^(?:{p})$", re.IGNORECASE) for p in _FURNITURE),
    promo_hints=tuple(re.compile(p, re.IGNORECASE) for p in _PROMO_HINTS),
    author_labels=("Автор", "Written by", "Автор материала"),
    extra_hosts=("www.expert-kz.com",),
    hooks=k2.K2Hooks(),
)
