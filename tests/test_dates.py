"""Dates as K2 prints them, with Almaty's historic offsets."""

import pytest

from newscrawl.extraction.dates import _dateparser, parse_iso
from newscrawl.platforms.k2 import RU_MONTHS as _RU_MONTHS
from newscrawl.platforms.k2 import item_datetime as _k2_format
from newscrawl.sites.expertkz import PROFILE

TZ = "Asia/Almaty"


def parse_site_date(text: str, timezone: str, languages: tuple[str, ...]) -> str | None:
    """The site's date reading, as its profile (K2's fast path included) does it."""
    assert (timezone, languages) == (PROFILE.timezone, PROFILE.date_languages)
    return PROFILE.parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Среда, 27 Ноябрь 2024 10:15", "2024-11-27T10:15:00+05:00"),
        # UTC+6 until 1 March 2024
        ("Четверг, 01 Февраль 2024 09:00", "2024-02-01T09:00:00+06:00"),
        ("Пятница, 01 Март 2024 09:00", "2024-03-01T09:00:00+05:00"),
        # a customised short format seen on another Kazakhstani Joomla site
        ("Пятница, 07 Ноя 2014, 08:16", "2014-11-07T08:16:00+06:00"),
        ("Последнее изменение Среда, 27 Ноябрь 2024 12:40", "2024-11-27T12:40:00+05:00"),
        ("27.11.2024 10:15", "2024-11-27T10:15:00+05:00"),
        ("Сәрсенбі, 27 Қараша 2024 10:15", "2024-11-27T10:15:00+05:00"),
    ],
)
def test_k2_dates(text: str, expected: str) -> None:
    assert parse_site_date(text, TZ, ("ru", "kk")) == expected


@pytest.mark.parametrize("text", ["", "Прочитано 412 раз", "31 Февраль 2024 10:00"])
def test_no_date(text: str) -> None:
    assert parse_site_date(text, TZ, ("ru", "kk")) is None


def test_iso() -> None:
    assert parse_iso("2024-11-27T10:15:00+05:00", TZ) == "2024-11-27T10:15:00+05:00"
    assert parse_iso("2023-05-02T08:00:00Z", TZ) == "2023-05-02T08:00:00+00:00"
    assert parse_iso("2023-12-31T23:00:00", TZ) == "2023-12-31T23:00:00+06:00"
    assert parse_iso("вчера", TZ) is None


#: every month name the fast path knows, nominative and genitive, capitalised as K2 prints
_MONTHS = [name.capitalize() for name in _RU_MONTHS] + list(_RU_MONTHS)


@pytest.mark.parametrize("month", _MONTHS)
@pytest.mark.parametrize("when", ["01 {} 2023 00:00", "28 {} 2024 23:59", "9 {} 2019 7:05"])
def test_fast_path_agrees_with_dateparser(month: str, when: str) -> None:
    """K2's own format skips dateparser; both paths must give the same moment."""
    core = when.format(month)
    fast = _k2_format(core, ("ru", "kk"))
    assert fast is not None
    assert fast == _dateparser(core, ("ru", "kk"))


@pytest.mark.parametrize(
    "core",
    ["31 Февраль 2024 10:00", "07 Ноя 2014, 08:16", "27 Қараша 2024 10:15", "27 Ноябрь 2024"],
)
def test_fast_path_leaves_the_rest_to_dateparser(core: str) -> None:
    assert _k2_format(core, ("ru", "kk")) is None
