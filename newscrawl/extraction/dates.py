"""Dates as the site prints them, to ISO 8601 with the site-local offset.

K2 prints local wall time with no offset ("Среда, 27 Ноябрь 2024 10:15", nominative
month). The offset comes from the tz database, so historic changes (Almaty was
UTC+6 until 1 March 2024, UTC+5 since) are applied to each date on its own day.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import dateparser

# "27 Ноябрь 2024 10:15", "07 Ноя 2014, 08:16", "27.11.2024 10:15": the date-bearing
# core of a label such as "Последнее изменение Среда, 27 Ноябрь 2024 10:15".
_DATE_CORE = re.compile(
    r"\d{1,2}(?:[./-]\d{1,2}[./-]|\s+[^\W\d_]+\.?,?\s+)\d{4}(?:[,\s]+(?:в\s+)?\d{1,2}:\d{2}(?::\d{2})?)?"
)


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def parse_iso(value: str, timezone: str) -> str | None:
    """An ISO 8601 string (JSON-LD, <time datetime>) re-rendered; naive ones get the site zone."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_zone(timezone))
    return moment.isoformat()


def parse_site_date(text: str, timezone: str, languages: tuple[str, ...]) -> str | None:
    """A date string as the site's templates print it, or None if there is none in ``text``."""
    match = _DATE_CORE.search(" ".join(text.split()))
    if match is None:
        return None
    moment = dateparser.parse(
        match.group(0),
        languages=list(languages),
        settings={"DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False},
    )
    if moment is None:
        return None
    return moment.replace(tzinfo=_zone(timezone)).isoformat()
