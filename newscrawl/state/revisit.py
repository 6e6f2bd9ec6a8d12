"""When an article already in the state is fetched again.

News articles change mostly in their first days (corrections, updates), rarely later.
So a known article is re-fetched when any of these holds:

* the sitemap's ``<lastmod>`` differs from the one seen at its last fetch, or, when
  none was seen then, is later than that fetch (the site says it changed);
* it was published less than ``NEWSCRAWL_REVISIT_DAYS`` days ago (default 3);
* it was last fetched more than ``NEWSCRAWL_REVISIT_MAX_AGE_DAYS`` days ago (default 30),
  so an edit the site never announced is still picked up.

Which due articles a run actually fetches, and how many, is the revisit queue's
choice (``newscrawl.state.revisit_queue``); this module says what "due" means.

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
        if record is None or self.announced_change(record, lastmod):
            return True
        now = now or datetime.now(UTC)
        if _age(record.published, now) < timedelta(days=self.recent_days):
            return True
        return _age(record.fetched_at, now) > timedelta(days=self.max_age_days)

    @staticmethod
    def announced_change(record: ArticleRecord, lastmod: str | None) -> bool:
        """The sitemap's ``lastmod`` says the article changed since it was fetched."""
        if not lastmod:
            return False
        if record.lastmod:
            return lastmod != record.lastmod
        announced, fetched = _moment(lastmod), _moment(record.fetched_at)
        return bool(announced and fetched and announced > fetched)


def _moment(iso: str | None) -> datetime | None:
    """An aware datetime from ISO 8601 (naive ones taken as UTC), or None."""
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _age(iso: str | None, now: datetime) -> timedelta:
    """Time since ``iso``; unknown or unparsable times count as old."""
    moment = _moment(iso)
    return timedelta.max if moment is None else now - moment
