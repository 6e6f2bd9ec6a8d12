"""When an article already in the state is fetched again.

News articles change mostly in their first days (corrections, updates), rarely later.
So a known article is re-fetched when any of these holds:

* the sitemap's ``<lastmod>`` differs from the one seen at its last fetch (the site
  says it changed);
* it was published less than ``NEWSCRAWL_REVISIT_DAYS`` days ago (default 3);
* it was last fetched more than ``NEWSCRAWL_REVISIT_MAX_AGE_DAYS`` days ago (default 30),
  so an edit the site never announced is still picked up.

A re-fetch sends the stored HTTP validators, so an unchanged page costs a 304 and no
parse; and whatever the site says, the emitted revision depends only on the content
fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newscrawl.state.store import ArticleRecord


@dataclass(frozen=True)
class RevisitPolicy:
    recent_days: float = 3
    max_age_days: float = 30

    def is_due(
        self, record: ArticleRecord | None, lastmod: str | None = None, now: datetime | None = None
    ) -> bool:
        if record is None:
            return True
        if lastmod and lastmod != record.lastmod:
            return True
        now = now or datetime.now(UTC)
        if _age(record.published, now) < timedelta(days=self.recent_days):
            return True
        return _age(record.fetched_at, now) > timedelta(days=self.max_age_days)


def _age(iso: str | None, now: datetime) -> timedelta:
    """Time since ``iso``; unknown or unparsable times count as old."""
    if not iso:
        return timedelta.max
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return timedelta.max
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return now - moment
