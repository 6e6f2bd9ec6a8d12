"""Which known articles a run fetches again: chosen from the state, not from discovery.

An article is due (``newscrawl.state.revisit`` says why) when it is young and not
fetched since the last run, when it was last fetched longer ago than the maximum age,
or when the sitemap announced a ``<lastmod>`` it was not fetched for. Each run takes at
most ``NEWSCRAWL_REVISIT_LIMIT`` of them, longest overdue first, so the revisit load of
a run stays bounded however large the archive grows, and what is left waits its turn.

An article is due *since*: its last fetch (young ones), its last fetch plus the maximum
age (old ones), the run that saw the announcement (sitemap). The queries use the
indexes on ``published`` and ``fetched_at``; the cost grows with what is due, not with
the archive.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from newscrawl.state.revisit import RevisitPolicy

_DUE = """
WITH due(article_id, due_at) AS (
    SELECT article_id, julianday(fetched_at) FROM state.articles
     WHERE published >= :young_floor AND julianday(published) > julianday(:young_since)
    UNION ALL
    SELECT article_id, julianday(fetched_at) + :max_age FROM state.articles
     WHERE fetched_at < :stale_before
    UNION ALL
    SELECT article_id, julianday(seen_at) FROM main.announced WHERE served = 0
)
SELECT a.article_id, a.url, MIN(due.due_at) AS due_at
  FROM due JOIN state.articles a ON a.article_id = due.article_id
 GROUP BY a.article_id
"""


@dataclass(frozen=True)
class DueArticle:
    article_id: str
    url: str
    #: how long it has been due, in days
    overdue_days: float


class RevisitQueue:
    def __init__(self, db: sqlite3.Connection, policy: RevisitPolicy, limit: int) -> None:
        self._db = db
        self.policy = policy
        self.limit = max(0, limit)
        self.taken = 0

    def _params(self, now: datetime) -> dict[str, object]:
        young_since = now - timedelta(days=self.policy.recent_days)
        return {
            # published carries the site's offset: the text bound is a day wider
            "young_floor": (young_since - timedelta(days=1)).date().isoformat(),
            "young_since": young_since.isoformat(timespec="seconds"),
            "max_age": self.policy.max_age_days,
            "stale_before": (now - timedelta(days=self.policy.max_age_days)).isoformat(
                timespec="seconds"
            ),
        }

    def take(self, now: datetime) -> list[DueArticle]:
        """The longest overdue articles, at most the run's limit."""
        if not self.limit or not _has_articles(self._db):
            return []
        rows = self._db.execute(
            f"{_DUE} ORDER BY due_at, a.article_id LIMIT :limit",
            {**self._params(now), "limit": self.limit},
        ).fetchall()
        moment = _julian(self._db, now)
        self.taken = len(rows)
        return [DueArticle(aid, url, max(0.0, moment - due)) for aid, url, due in rows]

    def room(self) -> bool:
        """Whether this run may still revisit one more article (an announced change)."""
        return self.taken < self.limit

    def took_one(self) -> None:
        self.taken += 1

    def backlog(self, now: datetime) -> tuple[int, float]:
        """Articles due now (taken by this run included) and the oldest one's overdue
        days (0 when none): the queue's length and age for the run summary."""
        if not _has_articles(self._db):
            return 0, 0.0
        count, oldest = self._db.execute(
            f"SELECT COUNT(*), MIN(due_at) FROM ({_DUE})", self._params(now)
        ).fetchone()
        age = max(0.0, _julian(self._db, now) - oldest) if oldest is not None else 0.0
        return int(count), age

    # -- sitemap announcements ------------------------------------------------------------
    def announce(self, article_id: str, lastmod: str, now: datetime) -> bool:
        """A sitemap says the article changed at ``lastmod``: queue it, once per lastmod.
        True if it waits for a revisit (new or not yet served)."""
        row = self._db.execute(
            "SELECT lastmod, served FROM announced WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is not None and row[0] == lastmod:
            return not row[1]
        self._db.execute(
            "INSERT OR REPLACE INTO announced (article_id, lastmod, seen_at, served) "
            "VALUES (?, ?, ?, 0)",
            (article_id, lastmod, now.isoformat(timespec="seconds")),
        )
        return True

    def served(self, article_id: str) -> None:
        """The article was fetched again: its announcement is answered."""
        self._db.execute("UPDATE announced SET served = 1 WHERE article_id = ?", (article_id,))


def _has_articles(db: sqlite3.Connection) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM state.sqlite_master WHERE type = 'table' AND name = 'articles'"
        ).fetchone()
        is not None
    )


def _julian(db: sqlite3.Connection, now: datetime) -> float:
    return float(db.execute("SELECT julianday(?)", (now.isoformat(),)).fetchone()[0])
