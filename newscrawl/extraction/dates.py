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


# K2's own format after the weekday: "27 Ноябрь 2024 10:15". Parsed without dateparser
# (about 2 ms a call even warmed, and every listing entry has a date); anything else
# (abbreviations, Kazakh months, dd.mm.yyyy, invalid days) still goes to dateparser.
_K2_FORMAT = re.compile(r"(\d{1,2}) ([^\W\d_]+) (\d{4}) (\d{1,2}):(\d{2})")
_RU_MONTHS = {
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


def _k2_format(core: str, languages: tuple[str, ...]) -> datetime | None:
    """The fast path: K2's "DD Month YYYY HH:MM" with a Russian month, else None."""
    match = _K2_FORMAT.fullmatch(core)
    if match is None or "ru" not in languages:
        return None
    month = _RU_MONTHS.get(match.group(2).lower())
    if month is None:
        return None
    day, _, year, hour, minute = match.groups()
    try:
        return datetime(int(year), month, int(day), int(hour), int(minute))
    except ValueError:
        return None  # dateparser decides what an impossible date means


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
    moment = _k2_format(match.group(0), languages) or _dateparser(match.group(0), languages)
    if moment is None:
        return None
    return moment.replace(tzinfo=_zone(timezone)).isoformat()


def _dateparser(core: str, languages: tuple[str, ...]) -> datetime | None:
    return dateparser.parse(
        core,
        languages=list(languages),
        settings={"DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False},
    )
