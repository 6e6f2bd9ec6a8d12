"""The headline of a page no profile describes, from what the page offers.

A <title> (and often og:title) glues the site's name or the section to the headline
("Headline - Site", "Site :: Section / Headline"); the page's first <h1> may be the
site's logo or a section name. The headline is the heading the <title> also carries;
failing that, the <title> without the parts that name the site.
"""

from __future__ import annotations

import re
import unicodedata

#: what sites put between the headline and their name or section
_SEPARATORS = re.compile(r"\s+(?:\||-|—|–|//|/|»|::)\s+|\s*::\s*")
_MIN_HEADING_CHARS = 15


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def headline(
    candidate: str | None, headings: list[str], site_name: str | None, host: str
) -> str | None:
    """``candidate`` (a <title> or og:title) reduced to the headline: a heading of the
    page it contains, else its longest part that does not name the site."""
    if not candidate:
        return None
    whole = _key(candidate)
    for heading in headings:
        key = _key(heading)
        if len(heading) >= _MIN_HEADING_CHARS and key and key in whole:
            return " ".join(heading.split())
    parts = [p.strip() for p in _SEPARATORS.split(candidate) if p and p.strip()]
    if len(parts) < 2:
        return candidate
    site_keys = {_key(site_name or "")} | {_key(label) for label in host.split(".")}
    kept = [p for p in parts if _key(p) not in site_keys and not _names_site(p, site_keys)]
    return max(kept or parts, key=len)


def _names_site(part: str, site_keys: set[str]) -> bool:
    key = _key(part)
    return any(site and (site in key or key in site) for site in site_keys if len(site) > 2)
