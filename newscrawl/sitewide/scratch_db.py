"""The SQLite files of the site-furniture learner (counts and spool), opened one way and
committed in batches."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: articles written (recorded or held) per commit. One transaction for a whole crawl
#: made the first release commit ~1 GB at 50,000 articles (0.6 ms an article; 0.1 with
#: these commits), and held articles are on disk as they arrive.
COMMIT_EVERY = 100


class ScratchDb:
    """A connection with ``schema`` applied, in WAL mode without an fsync per commit.

    A commit survives the process being killed; only an OS crash can lose the last few.
    SQLite's default journal fsyncs every commit (~17 ms each), which blocked the
    crawl's reactor.
    """

    def __init__(self, path: Path, schema: str) -> None:
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(schema)
        self._uncommitted = 0

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self._db.execute(sql, parameters)

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> sqlite3.Cursor:
        return self._db.executemany(sql, rows)

    def article_written(self) -> None:
        """Count one article's writes; every ``COMMIT_EVERY`` of them are committed."""
        self._uncommitted += 1
        if self._uncommitted >= COMMIT_EVERY:
            self.commit()

    def commit(self) -> None:
        self._db.commit()
        self._uncommitted = 0

    def close(self) -> None:
        self.commit()
        self._db.close()
