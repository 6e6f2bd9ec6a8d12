"""``discovery.sqlite``: what discovery remembers between incremental runs.

Kept apart from ``state.sqlite`` (the articles and the write-ahead hand-over of feed
files, ``newscrawl.state.store``) so the two never wait for each other's write lock;
the articles table is attached for reading only, to choose revisits and to check which
articles a run really committed before its listing progress is saved.

Tables: ``section_progress`` (``newscrawl.state.sections``) and ``announced`` (sitemap
``<lastmod>`` changes waiting for their revisit, ``newscrawl.state.revisit_queue``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from newscrawl.state.sections import SectionProgress

SCHEMA = """
CREATE TABLE IF NOT EXISTS section_progress (
    section TEXT PRIMARY KEY,
    anchor TEXT NOT NULL,
    top INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    complete INTEGER NOT NULL,
    swept_at TEXT
);
CREATE TABLE IF NOT EXISTS announced (
    article_id TEXT PRIMARY KEY,
    lastmod TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    served INTEGER NOT NULL DEFAULT 0
);
"""

#: articles looked up per query when checking what a run committed
_CHUNK = 500


class DiscoveryDb:
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(directory / "discovery.sqlite", isolation_level=None, uri=True)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        # read only: the articles belong to the state store; WAL readers never block it
        # (the store creates the file when it opens, before discovery asks anything)
        state = (directory / "state.sqlite").resolve()
        self._db.execute("ATTACH DATABASE ? AS state", (f"file:{state}?mode=ro",))

    @property
    def connection(self) -> sqlite3.Connection:
        return self._db

    def has_articles(self) -> bool:
        """Whether the state has its articles table yet (not before a first run)."""
        row = self._db.execute(
            "SELECT 1 FROM state.sqlite_master WHERE type = 'table' AND name = 'articles'"
        ).fetchone()
        return row is not None

    def committed(self, article_ids: Iterable[str]) -> set[str]:
        """Those of ``article_ids`` the state holds as committed."""
        ids = list(dict.fromkeys(article_ids))
        found: set[str] = set()
        if not ids or not self.has_articles():
            return found
        for low in range(0, len(ids), _CHUNK):
            chunk = ids[low : low + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            found.update(
                row[0]
                for row in self._db.execute(
                    f"SELECT article_id FROM state.articles WHERE article_id IN ({marks})", chunk
                )
            )
        return found

    def progress(self) -> dict[str, SectionProgress]:
        rows = self._db.execute(
            'SELECT section, anchor, top, "end", complete, swept_at FROM section_progress'
        ).fetchall()
        return {row[0]: SectionProgress.from_row(row) for row in rows}

    def save_progress(self, progress: Iterable[SectionProgress]) -> None:
        with self._db:
            self._db.executemany(
                'INSERT OR REPLACE INTO section_progress (section, anchor, top, "end", '
                "complete, swept_at) VALUES (?, ?, ?, ?, ?, ?)",
                (p.to_row() for p in progress),
            )

    def close(self) -> None:
        self._db.close()
