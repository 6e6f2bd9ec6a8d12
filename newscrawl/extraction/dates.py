"""Dates as a site prints them, to ISO 8601 with the site-local offset.

Sites print local wall time with no offset ("Среда, 27 Ноябрь 2024 10:15"). The
offset comes from the tz database, so historic changes (Almaty was UTC+6 until
1 March 2024, UTC+5 since) are applied to each date on its own day. A site's own
format may be read by a fast reader its profile supplies (``SiteHooks.site_datetime``);
everything else goes to dateparser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import dateparser

# "27 Ноябрь 2024 10:15", "07 Ноя 2014, 08:16", "27.11.2024 10:15": the date-bearing
# core of a label such as "Последнее изменение Среда, 27 Ноябрь 2024 10:15".
DATE_CORE = re.compile(
    r"\d{1,2}(?:[./-]\d{1,2}[./-]|\s+[^\W\d_]+\.?,?\s+)\d{4}(?:[,\s]+(?:в\s+)?\d{1,2}:\d{2}(?::\d{2})?)?"
)

#: reads a date core in a site's own format, or gives None
FastReader = Callable[[str, tuple[str, ...]], datetime | None]


@lru_cache(maxsize=8)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def parse_iso(value: str, timezone: str) -> str | None:
    """An ISO 8601 string (JSON-LD, <time datetime>) re-rendered; naive ones get the site zone."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(timezone))
    return moment.isoformat()


def parse_site_date(
    text: str, timezone: str, languages: tuple[str, ...], fast: FastReader | None = None
) -> str | None:
    """A date string as the site's templates print it, or None if there is none in ``text``."""
    match = DATE_CORE.search(" ".join(text.split()))
    if match is None:
        return None
    core = match.group(0)
    moment = (fast(core, languages) if fast is not None else None) or _dateparser(core, languages)
    if moment is None:
        return None
    return moment.replace(tzinfo=zone(timezone)).isoformat()


def _dateparser(core: str, languages: tuple[str, ...]) -> datetime | None:
    return dateparser.parse(
        core,
        languages=list(languages) or None,
        settings={"DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False},
    )
