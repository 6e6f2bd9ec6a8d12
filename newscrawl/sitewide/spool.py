"""Articles held back until the crawl has seen every page: a SQLite queue on disk.

Held articles are released sorted by article id, so the feed's order is the same
whatever order the pages were crawled in. Taking a batch deletes it from the spool:
the spool only ever holds what is still to be released.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from newscrawl.items import Article
from newscrawl.sitewide.scratch_db import open_scratch_db

_SCHEMA = """
CREATE TABLE IF NOT EXISTS spool (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    sort_key TEXT NOT NULL,
    article TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS spool_order ON spool (sort_key, seq);
"""


COMMIT_EVERY = 100
_FIELDS = tuple(field.name for field in dataclasses.fields(Article))


def _sort_key(article: Article) -> str:
    """Numeric ids in numeric order (shorter first), anything else after, as text."""
    key = article.article_id or article.url
    return f"{len(key):06d}{key}"


class ArticleSpool:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = open_scratch_db(path, _SCHEMA)
        self._uncommitted = 0

    def put(self, article: Article) -> None:
        # a shallow dict: json.dumps walks the nested lists and dicts itself, and
        # dataclasses.asdict would deep-copy them first
        fields = {name: getattr(article, name) for name in _FIELDS}
        record = json.dumps(fields, ensure_ascii=False)
        self._db.execute(
            "INSERT INTO spool (sort_key, article) VALUES (?, ?)", (_sort_key(article), record)
        )
        # Committed every COMMIT_EVERY articles: held articles are on disk as they
        # arrive, and the write-ahead log stays small. One transaction for the whole
        # crawl made the first release commit ~1 GB at 50,000 articles (0.6 ms an
        # article; 0.1 with these commits).
        self._uncommitted += 1
        if self._uncommitted >= COMMIT_EVERY:
            self.commit()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM spool").fetchone()[0])

    def take(self, limit: int) -> list[Article]:
        """The next ``limit`` articles in release order, removed from the spool."""
        rows = self._db.execute(
            "SELECT seq, article FROM spool ORDER BY sort_key, seq LIMIT ?", (limit,)
        ).fetchall()
        self._db.executemany("DELETE FROM spool WHERE seq = ?", ((seq,) for seq, _ in rows))
        self.commit()
        return [Article(**json.loads(record)) for _, record in rows]

    def commit(self) -> None:
        self._db.commit()
        self._uncommitted = 0

    def close(self) -> None:
        self.commit()
        self._db.close()
