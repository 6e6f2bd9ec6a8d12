"""The profile of a site nobody described: no trusted markup, no site furniture.

Every field comes from the page's metadata and the generic path; ``source`` is the
page's own host, a naive date is read as UTC, and no article URL pattern is known
(so no ``article_id``). ``newscrawl extract`` uses it for pages of unknown hosts.
"""

from __future__ import annotations

from newscrawl.sites.base import SiteProfile

PROFILE = SiteProfile(
    name="generic",
    source="",
    default_base_url="",
    sections=(),
    feeds=(),
    article_path=None,
    fields=None,
    listing=None,
    timezone="UTC",
    date_languages=(),
)
