"""Low-level text helpers that imitate what PHP, Joomla and K2 do to strings.

The replica is only useful if its artifacts are the ones the real site produces, so
each helper here mirrors one specific PHP/Joomla behaviour (named in its docstring)
rather than doing what would be "nicest" in Python.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

ALMATY = ZoneInfo("Asia/Almaty")
"""Site time zone. zoneinfo knows Kazakhstan's switch from UTC+6 to UTC+5 on 2024-03-01."""

# Joomla core ru-RU strings: nominative, capitalised (see site-notes section 3).
_WEEKDAYS = ("Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье")
_MONTHS = (
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
)
_RFC822_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_RFC822_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def aware(local: datetime) -> datetime:
    """Attach the Almaty zone to a naive local wall time (articles store naive times)."""
    return local.replace(tzinfo=ALMATY)


def k2_date(local: datetime) -> str:
    """K2_DATE_FORMAT_LC2 = "l, d F Y H:i" rendered with ru-RU names.

    Gives e.g. "Среда, 27 Ноябрь 2024 10:15" - nominative month, as Joomla's Date::format
    substitutes JText month names. Kazakh pages use the same Russian strings.
    """
    return (
        f"{_WEEKDAYS[local.weekday()]}, {local.day:02d} {_MONTHS[local.month - 1]} "
        f"{local.year} {local.hour:02d}:{local.minute:02d}"
    )


def iso_local(local: datetime) -> str:
    """PHP date('c') in the site zone, e.g. 2024-11-27T10:15:00+05:00 (JSON-LD, sitemap)."""
    return aware(local).isoformat(timespec="seconds")


def rfc822(local: datetime) -> str:
    """Joomla's Date::toRFC822(true): local time with a numeric offset (RSS pubDate)."""
    dt = aware(local)
    offset = dt.strftime("%z")
    return (
        f"{_RFC822_DAYS[dt.weekday()]}, {dt.day:02d} {_RFC822_MONTHS[dt.month - 1]} "
        f"{dt.year} {dt:%H:%M:%S} {offset}"
    )


def php_escape(text: str) -> str:
    """htmlspecialchars($s, ENT_QUOTES): the escaping K2 applies to titles and metas.

    Python's html.escape writes ' as &#x27;, PHP writes &#039;; keep PHP's form.
    """
    return (
        text.replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("'", "&#039;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def text_escape(text: str) -> str:
    """Escape body text as an editor (TinyMCE) stores it: quotes stay literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_TAG_RE = re.compile(r"<[^>]+>")
_WS_RE = re.compile(r"\s+")


def strip_tags(html_text: str) -> str:
    """PHP strip_tags plus K2's whitespace collapse; entities are left untouched."""
    return _WS_RE.sub(" ", _TAG_RE.sub("", html_text)).strip()


def character_limit(text: str, limit: int) -> str:
    """K2HelperUtilities::characterLimit: hard cut mid-word, rtrim, then "..."."""
    text = _WS_RE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rstrip() + "..."


_TRANSLIT = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ә": "a",
    "ғ": "g",
    "қ": "q",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
}


def make_alias(title: str) -> str:
    """Joomla-style URL alias: transliterate (ь dropped, as in the seed URL), hyphenate."""
    out = "".join(_TRANSLIT.get(ch, ch) for ch in title.lower())
    return re.sub(r"[^a-z0-9]+", "-", out).strip("-")


# --- noise -----------------------------------------------------------------------------

_LONG_WORD_RE = re.compile(r"[^\W\d_]{11,}")
_SHORT_TOKEN_SPACE_RE = re.compile(r"(?<![^\s;])([^\s&;]{1,2}|\d[\d,.]*) (?=[^\s])")


def _shy(match: re.Match[str]) -> str:
    word = match.group(0)
    return f"{word[:4]}&shy;{word[4:8]}&shy;{word[8:]}"


def default_noise(escaped: str, index: int) -> str:
    """Dirty an already-escaped paragraph the way pasted copy from Word looks in K2.

    Deterministic so the expected clean text never changes: soft hyphens inside long
    words, &nbsp; after short words and numbers, a space before the first comma, and on
    even paragraphs a space before the closing full stop.
    """
    text = _LONG_WORD_RE.sub(_shy, escaped, count=2)
    text = _SHORT_TOKEN_SPACE_RE.sub(r"\1&nbsp;", text)
    text = text.replace(", ", " , ", 1)
    if index % 2 == 0 and text.endswith(".") and not text.endswith(".."):
        text = text[:-1] + " ."
    return text
