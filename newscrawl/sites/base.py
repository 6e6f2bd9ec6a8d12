"""The profile types, where the site modules and their users have always found them.

They live in ``newscrawl.siteprofile`` so that a platform module (``newscrawl.platforms``)
can build on them without importing this package, whose registry imports the platforms'
sites: importing a platform first must not find a half-made registry.
"""

from newscrawl.siteprofile import (
    FieldSelectors,
    ListingSelectors,
    Section,
    SiteHooks,
    SiteProfile,
)

__all__ = ["FieldSelectors", "ListingSelectors", "Section", "SiteHooks", "SiteProfile"]
