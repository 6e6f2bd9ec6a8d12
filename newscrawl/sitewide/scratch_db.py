"""The SQLite files of the site-furniture learner (counts and spool), opened one way."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def open_scratch_db(path: Path, schema: str) -> sqlite3.Connection:
    """A connection with ``schema`` applied, in WAL mode without an fsync per commit.

    A commit survives the process being killed; only an OS crash can lose the last few.
    SQLite's default journal fsyncs every commit (~17 ms each), which blocked the
    crawl's reactor.
    """
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(schema)
    return db
