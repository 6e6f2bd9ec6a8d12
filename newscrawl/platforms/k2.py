"""Joomla + K2: what K2's default templates render on every site that runs it.

A site on K2 writes one profile (``newscrawl/sites/``) from these pieces: its sections,
feeds and menu paths are its own, the item and listing markup comes from here. Sources:
K2's ``templates/default/item.php`` and ``category_item.php`` (see the project's K2
notes); a site's own template override may trim them but keeps the class names.

K2's quirks, all handled here so the shared parser knows none of them:

* titles and descriptions are ``htmlspecialchars``'ed by K2 and then again by Joomla,
  so ``"`` arrives in og:title as ``&amp;quot;`` (``K2Hooks.unescape_metadata``);
* JSON-LD ``articleSection`` holds the category's URL, not its name;
* the item date is printed as "Среда, 27 Ноябрь 2024 10:15": the weekday, then the
  month in the *nominative* (Joomla's ru-RU language pack), read here without dateparser
  (about 2 ms a call even warmed, and every listing entry has a date);
* JSON-LD ``dateModified`` repeats the creation date of an item never edited (the
  shared parser treats a modification equal to the publication as none, which holds
  for any site).
"""

from __future__ import annotations

import html
import re
from datetime import datetime

from newscrawl.siteprofile import FieldSelectors, ListingSelectors, SiteHooks

#: the element K2's item layout is rendered in
ITEM_CONTAINER = "#k2Container"


def item_fields(container: str = ITEM_CONTAINER) -> FieldSelectors:
    """The selectors of K2's default item template, under ``container``."""
    return FieldSelectors(
        title=f"{container} h2.itemTitle",
        intro=f"{container} div.itemIntroText",
        fulltext=f"{container} div.itemFullText",
        published=f"{container} span.itemDateCreated",
        modified=f"{container} span.itemDateModified",
        authors=f"{container} span.itemAuthor",
        section=f"{container} div.itemCategory a",
        tags=f"{container} ul.itemTags li a",
        image=f"{container} div.itemImageBlock span.itemImage img",
        image_caption=f"{container} div.itemImageBlock span.itemImageCaption",
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
        title_noise=(".itemEditLink", "sup"),
        # Joomla's mod_breadcrumbs; a template without the class still has the list
        breadcrumbs=".breadcrumb a.pathway ::text, .breadcrumb a ::text",
    )


#: K2's category listing (``category_item.php``) and its pagination
LISTING = ListingSelectors(
    entry="div.catItemView",
    entry_link="h3.catItemTitle a::attr(href), a.k2ReadMore::attr(href)",
    entry_date="span.catItemDateCreated::text",
    next_page=".k2Pagination li.pagination-next a::attr(href)",
    last_page=".k2Pagination li.pagination-end a::attr(href)",
    offset_param="start",  # Joomla's SEF form of limitstart
)

#: an item URL under K2's default router: ``/<menu>/item/<id>-<alias>``
ITEM_PATH = re.compile(r"^/(?P<menu>[\w-]+)/item/(?P<id>\d+)(?:-(?P<alias>[^/?#]*))?/?(?:[?#]|$)")

#: what Joomla's print and component views add to an item URL
PRINT_PARAMS = ("tmpl", "print")

# K2's own date format after the weekday: "27 Ноябрь 2024 10:15"
_ITEM_DATE = re.compile(r"(\d{1,2}) ([^\W\d_]+) (\d{4}) (\d{1,2}):(\d{2})")
#: month names as Joomla's ru-RU pack prints them (nominative) and as editors write them
RU_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("январь", "января"),
            ("февраль", "февраля"),
            ("март", "марта"),
            ("апрель", "апреля"),
            ("май", "мая"),
            ("июнь", "июня"),
            ("июль", "июля"),
            ("август", "августа"),
            ("сентябрь", "сентября"),
            ("октябрь", "октября"),
            ("ноябрь", "ноября"),
            ("декабрь", "декабря"),
        ),
        start=1,
    )
    for name in names
}


def item_datetime(core: str, languages: tuple[str, ...]) -> datetime | None:
    """K2's "DD Month YYYY HH:MM" with a Russian month, else None (dateparser decides)."""
    match = _ITEM_DATE.fullmatch(core)
    if match is None or "ru" not in languages:
        return None
    month = RU_MONTHS.get(match.group(2).lower())
    if month is None:
        return None
    day, _, year, hour, minute = match.groups()
    try:
        return datetime(int(year), month, int(day), int(hour), int(minute))
    except ValueError:
        return None  # dateparser decides what an impossible date means


class K2Hooks(SiteHooks):
    """K2's quirks (module docstring)."""

    def unescape_metadata(self, value: str) -> str:
        return html.unescape(value)

    def site_datetime(self, core: str, languages: tuple[str, ...]) -> datetime | None:
        return item_datetime(core, languages)

    def metadata_section(self, value: str) -> str | None:
        return None if value.startswith(("http://", "https://", "/")) else value
