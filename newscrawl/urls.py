"""URL hygiene: one canonical spelling per article, and the crawl's scope."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newscrawl.sites.base import SiteProfile


def strip_tracking(url: str, profile: SiteProfile) -> str:
    """Drop the fragment, ``utm_*`` and the profile's ignored parameters; keep the rest."""
    parts = urlsplit(url)
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key not in profile.ignored_query_params
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def article_id_of(url: str, profile: SiteProfile) -> str | None:
    """The CMS item id if ``url`` is an article URL of this site's shape."""
    return profile.article_id(urlsplit(url).path)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
