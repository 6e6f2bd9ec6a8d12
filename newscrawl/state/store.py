"""Incremental crawl state: what was emitted, in which revision, delivered exactly once.

Records are staged as *pending* in a hand-over unit (a row of ``runs``: one per feed
file, so a crawl that writes batch files commits each one as it is complete); they
become the committed state only once the file is complete under its final name. The
hand-over is write-ahead:

1. the feed file is fsync'd under ``<name>.partial``;
2. the unit is marked ``finalizing`` together with both file names (committed to SQLite);
3. the file is renamed to its final name;
4. the unit is marked ``committed``, its pending records become the state, and the
   next file's unit opens.

Opening the store reconciles a unit killed at any of those points: killed before 2,
its records are discarded and the next run emits those articles again (downstream
never saw them: the file never got its final name); killed after 2, the rename is
finished and the records committed. So every article reaches the final feeds once.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    revision INTEGER NOT NULL,
    published TEXT,
    lastmod TEXT,
    etag TEXT,
    last_modified TEXT,
    fetched_at TEXT NOT NULL
);
-- the revisit queue's questions: young articles, and those not fetched for long
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
CREATE INDEX IF NOT EXISTS articles_fetched_at ON articles (fetched_at);
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    status TEXT NOT NULL CHECK (status IN ('open', 'finalizing', 'committed', 'discarded')),
    started_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS run_files (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    partial_path TEXT NOT NULL,
    final_path TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pending (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    article_id TEXT NOT NULL,
    url TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    revision INTEGER NOT NULL,
    published TEXT,
    lastmod TEXT,
    etag TEXT,
    last_modified TEXT,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (run_id, article_id)
);
"""

_FIELDS = (
    "article_id",
    "url",
    "fingerprint",
    "revision",
    "published",
    "lastmod",
    "etag",
    "last_modified",
    "fetched_at",
)


@dataclass(frozen=True)
class ArticleRecord:
    """What the state remembers of one emitted article."""

    article_id: str
    url: str
    fingerprint: str
    revision: int
    published: str | None = None
    lastmod: str | None = None  # the sitemap <lastmod> seen when it was fetched
    etag: str | None = None
    last_modified: str | None = None  # the HTTP Last-Modified header
    fetched_at: str = ""


class StateStore(Protocol):
    """The interface the spider and pipelines use; SQLite now, Redis possible later."""

    def get(self, article_id: str) -> ArticleRecord | None: ...

    def stage(self, record: ArticleRecord) -> None: ...

    def touch(
        self, article_id: str, fetched_at: str, etag: str | None, last_modified: str | None
    ) -> None: ...

    def finalizing(self, partial_path: Path, final_path: Path) -> None: ...

    def commit_run(self) -> int: ...

    def close(self) -> None: ...


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStateStore:
    """``StateStore`` in one SQLite file (WAL mode), one open run per process."""

    #: pending rows are committed in batches: one transaction per row would dominate
    BATCH = 200

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "state.sqlite"
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self.reconcile()
        self.run_id = self._open_unit()
        self._unflushed = 0
        self._db.execute("BEGIN")

    def _open_unit(self) -> int:
        self._db.execute("BEGIN")
        cursor = self._db.execute(
            "INSERT INTO runs (status, started_at) VALUES ('open', ?)", (utc_now(),)
        )
        self._db.execute("COMMIT")
        return int(cursor.lastrowid or 0)

    # -- reads ------------------------------------------------------------------------------
    def get(self, article_id: str) -> ArticleRecord | None:
        row = self._db.execute(
            f"SELECT {', '.join(_FIELDS)} FROM articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return ArticleRecord(*row) if row else None

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    # -- writes of this run -------------------------------------------------------------------
    def stage(self, record: ArticleRecord) -> None:
        """Remember an emitted article; it becomes state when the run commits."""
        values = (self.run_id, *(getattr(record, name) for name in _FIELDS))
        self._db.execute(
            f"INSERT OR REPLACE INTO pending (run_id, {', '.join(_FIELDS)}) "
            f"VALUES ({', '.join('?' * len(values))})",
            values,
        )
        self._count_write()

    def touch(
        self, article_id: str, fetched_at: str, etag: str | None, last_modified: str | None
    ) -> None:
        """An unchanged article was re-checked: only its fetch facts move on."""
        self._db.execute(
            "UPDATE articles SET fetched_at = ?, etag = COALESCE(?, etag),"
            " last_modified = COALESCE(?, last_modified) WHERE article_id = ?",
            (fetched_at, etag, last_modified, article_id),
        )
        self._count_write()

    def _count_write(self) -> None:
        self._unflushed += 1
        if self._unflushed >= self.BATCH:
            self._db.execute("COMMIT")
            self._db.execute("BEGIN")
            self._unflushed = 0

    def finalizing(self, partial_path: Path, final_path: Path) -> None:
        """Step 2: the feed is complete under ``partial_path`` and about to be renamed."""
        self._db.execute(
            "INSERT INTO run_files (run_id, partial_path, final_path) VALUES (?, ?, ?)",
            (self.run_id, str(partial_path), str(final_path)),
        )
        self._db.execute("UPDATE runs SET status = 'finalizing' WHERE run_id = ?", (self.run_id,))
        self._db.execute("COMMIT")
        self._db.execute("BEGIN")
        self._unflushed = 0

    def commit_run(self) -> int:
        """Step 4: the unit's feed file is final; its records become the state and the
        next unit opens."""
        self._db.execute("COMMIT")
        committed = self._commit(self.run_id)
        self.run_id = self._open_unit()
        self._unflushed = 0
        self._db.execute("BEGIN")
        return committed

    def close(self) -> None:
        """Close; a run that never reached ``finalizing`` stays ``open`` and is discarded
        by the next reconcile, like a killed one."""
        if self._db.in_transaction:
            self._db.execute("COMMIT")
        self._db.close()

    # -- recovery -------------------------------------------------------------------------
    def reconcile(self) -> None:
        """Finish or discard the runs an earlier process left behind (see module doc)."""
        for (run_id,) in self._db.execute(
            "SELECT run_id FROM runs WHERE status = 'finalizing'"
        ).fetchall():
            for partial, final in self._db.execute(
                "SELECT partial_path, final_path FROM run_files WHERE run_id = ?", (run_id,)
            ).fetchall():
                # complete since step 2; over a previous file of that name (-O) too
                if Path(partial).exists():
                    os.replace(partial, final)
            self._commit(run_id)
        self._db.execute("BEGIN")
        self._db.execute(
            "DELETE FROM pending WHERE run_id IN (SELECT run_id FROM runs WHERE status = 'open')"
        )
        self._db.execute("UPDATE runs SET status = 'discarded' WHERE status = 'open'")
        self._db.execute("COMMIT")

    def _commit(self, run_id: int) -> int:
        self._db.execute("BEGIN")
        moved = self._db.execute(
            f"INSERT OR REPLACE INTO articles ({', '.join(_FIELDS)}) "
            f"SELECT {', '.join(_FIELDS)} FROM pending WHERE run_id = ?",
            (run_id,),
        ).rowcount
        self._db.execute("DELETE FROM pending WHERE run_id = ?", (run_id,))
        self._db.execute("UPDATE runs SET status = 'committed' WHERE run_id = ?", (run_id,))
        self._db.execute("COMMIT")
        return moved
