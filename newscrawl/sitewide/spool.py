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
from newscrawl.sitewide.scratch_db import ScratchDb

_SCHEMA = """
CREATE TABLE IF NOT EXISTS spool (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    sort_key TEXT NOT NULL,
    article TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS spool_order ON spool (sort_key, seq);
"""


_FIELDS = tuple(field.name for field in dataclasses.fields(Article))


def _sort_key(article: Article) -> str:
    """Numeric ids in numeric order (shorter first), anything else after, as text."""
    key = article.article_id or article.url
    return f"{len(key):06d}{key}"


class ArticleSpool:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = ScratchDb(path, _SCHEMA)

    def put(self, article: Article) -> None:
        # a shallow dict: json.dumps walks the nested lists and dicts itself, and
        # dataclasses.asdict would deep-copy them first
        fields = {name: getattr(article, name) for name in _FIELDS}
        record = json.dumps(fields, ensure_ascii=False)
        self._db.execute(
            "INSERT INTO spool (sort_key, article) VALUES (?, ?)", (_sort_key(article), record)
        )
        self._db.article_written()  # committed in batches (scratch_db.COMMIT_EVERY)

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM spool").fetchone()[0])

    def take(self, limit: int) -> list[Article]:
        """The next ``limit`` articles in release order, removed from the spool."""
        rows = self._db.execute(
            "SELECT seq, article FROM spool ORDER BY sort_key, seq LIMIT ?", (limit,)
        ).fetchall()
        self._db.executemany("DELETE FROM spool WHERE seq = ?", ((seq,) for seq, _ in rows))
        self._db.commit()
        return [Article(**json.loads(record)) for _, record in rows]

    def close(self) -> None:
        self._db.close()
