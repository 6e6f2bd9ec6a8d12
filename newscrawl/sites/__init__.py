"""The site profiles this crawler knows, by name and by host.

Components find the crawl's profile from the ``NEWSCRAWL_SITE`` setting (the spider
sets it in ``custom_settings``), never from an attribute of the spider, so a pipeline,
a middleware or the offline ``extract`` command all resolve it the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl.sites.base import SiteProfile
from newscrawl.sites.expertkz import PROFILE as EXPERTKZ
from newscrawl.sites.generic import PROFILE as GENERIC

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

PROFILES: dict[str, SiteProfile] = {EXPERTKZ.name: EXPERTKZ, GENERIC.name: GENERIC}


def register(profile: SiteProfile) -> SiteProfile:
    """Make ``profile`` known by name and host (a site's module, or a test's, calls it)."""
    PROFILES[profile.name] = profile
    return profile


def profile_named(name: str) -> SiteProfile:
    """The profile registered under ``name``; KeyError names the known ones."""
    try:
        return PROFILES[name]
    except KeyError:
        raise KeyError(f"unknown site {name!r}; known: {', '.join(sorted(PROFILES))}") from None


def profile_for_host(host: str) -> SiteProfile | None:
    """The profile whose default host (or one of its extra hosts) is ``host``."""
    host = host.lower()
    for profile in PROFILES.values():
        if profile.host and (host == profile.host or host in profile.extra_hosts):
            return profile
    return None


def profile_from_settings(settings: BaseSettings) -> SiteProfile:
    """The crawl's profile: ``NEWSCRAWL_SITE`` (default: Эксперт KZ)."""
    return profile_named(settings.get("NEWSCRAWL_SITE") or EXPERTKZ.name)
