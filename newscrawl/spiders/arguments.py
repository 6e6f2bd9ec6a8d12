"""Validation of spider arguments: a bad value is a one-line error, not a traceback."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from difflib import get_close_matches
from urllib.parse import urlsplit


def parse_base_url(value: str) -> str:
    """``scheme://host[:port]`` with no path, query or trailing slash."""
    parts = urlsplit(value.strip())
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise ValueError(
            f"base_url must be an http(s) URL such as https://expert-kz.com, not {value!r}"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"base_url must have no path, query or fragment: {value!r}")
    return f"{parts.scheme}://{parts.netloc}"


def parse_since(value: str | None) -> date | None:
    """A YYYY-MM-DD date, or None when not given."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"since must be a date as YYYY-MM-DD, not {value!r}") from None


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def parse_bool(name: str, value: str | bool | None) -> bool:
    """A yes/no spider argument: true/false, yes/no, on/off, 1/0."""
    if value is None or isinstance(value, bool):
        return bool(value)
    lowered = value.strip().lower()
    if lowered in _TRUE | _FALSE:
        return lowered in _TRUE
    raise ValueError(f"{name} must be true or false, not {value!r}")


def reject_unknown(given: Iterable[str], known: Iterable[str]) -> None:
    """ValueError naming the first ``-a`` argument the spider does not take, and the
    ones it does: Scrapy sets any ``-a name=value`` as a spider attribute, so a typo
    (``sinse``) would otherwise run a full crawl that ignores it."""
    known = sorted(known)
    unknown = sorted(set(given) - set(known))
    if not unknown:
        return
    name = unknown[0]
    close = get_close_matches(name, known, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise ValueError(f"unknown argument -a {name}{hint}; known arguments: {', '.join(known)}")
