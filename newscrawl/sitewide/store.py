"""The paragraph counts behind site furniture, and the articles needed to correct.

One SQLite file. Per article: its publication time, the hashes of its counted
paragraphs, and (for corrections) the article as it was before site furniture was
removed, with the fingerprint of the revision last delivered. Per paragraph: in how
many articles it occurs and its first and last publication time.

What the rule needs on every judgement is small and kept in memory: the paragraphs in
at least ``min_articles`` articles (the *candidates*: series quotes and furniture, a few
thousand on a large site) and the sorted publication times of all recorded articles
(8 bytes each: 1.5 MB at 190,000 articles), so counting a paragraph's window is two
binary searches. Writing is one upsert per paragraph of each article, at file close.

Known approximation: when a re-crawled article loses a paragraph or changes its date,
the paragraph's count follows but its first/last times are not narrowed again.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from array import array
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from newscrawl.items import Article
from newscrawl.sitewide.rule import FurnitureRule

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article TEXT PRIMARY KEY,
    published INTEGER NOT NULL,
    paragraphs BLOB NOT NULL,
    record BLOB,
    delivered TEXT
);
CREATE TABLE IF NOT EXISTS paragraphs (
    paragraph INTEGER PRIMARY KEY,
    articles INTEGER NOT NULL,
    first INTEGER NOT NULL,
    last INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS candidates (
    paragraph INTEGER PRIMARY KEY,
    promo INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS furniture (paragraph INTEGER PRIMARY KEY) WITHOUT ROWID;
"""


def _pack(hashes: Iterable[int]) -> bytes:
    return array("q", sorted(hashes)).tobytes()


def _unpack(blob: bytes) -> set[int]:
    values = array("q")
    values.frombytes(blob)
    return set(values)


def encode_article(article: Article, encoded: bytes | None = None) -> bytes:
    """The article's JSON (``encoded`` when given), compressed: level 1 keeps ~3x and
    costs a third of level 3's CPU."""
    if encoded is None:
        encoded = json.dumps(asdict(article), ensure_ascii=False).encode()
    return zlib.compress(encoded, 1)


def decode_article(blob: bytes) -> Article:
    return Article(**json.loads(zlib.decompress(blob)))


class ParagraphStore:
    def __init__(self, path: Path, rule: FurnitureRule) -> None:
        self.path = path
        self.rule = rule
        self._db = sqlite3.connect(path)
        # a new file gives pruned records back to the disk (``prune_records``)
        self._db.execute("PRAGMA auto_vacuum=INCREMENTAL")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._published = array(
            "q", (row[0] for row in self._db.execute("SELECT published FROM articles ORDER BY 1"))
        )
        promo = dict(self._db.execute("SELECT paragraph, promo FROM candidates"))
        #: paragraph -> [articles, first, last, promo] for every candidate
        self._candidates: dict[int, list[int]] = {
            paragraph: [count, first, last, promo.get(paragraph, 0)]
            for paragraph, count, first, last in self._db.execute(
                "SELECT paragraph, articles, first, last FROM paragraphs WHERE articles >= ?",
                (rule.min_articles,),
            )
        }
        #: the decision as of the last committed judgement
        self.furniture: frozenset[int] = frozenset(
            row[0] for row in self._db.execute("SELECT paragraph FROM furniture")
        )

    # -- recording --------------------------------------------------------------------------
    def record(
        self,
        article: Article,
        published: int,
        paragraphs: dict[int, str],
        encoded: bytes | None = None,
    ) -> None:
        """The article (before site furniture), published at ``published`` (epoch s), with
        its counted paragraphs by hash; replaces what was recorded for it before. Its
        delivery is pending until ``delivered``. ``encoded``: its JSON, if at hand."""
        key = article.article_id or article.url
        row = self._db.execute(
            "SELECT published, paragraphs FROM articles WHERE article = ?", (key,)
        ).fetchone()
        old: set[int] = set()
        if row is not None:
            old = _unpack(row[1])
            del self._published[bisect_left(self._published, row[0])]
            for paragraph in old - paragraphs.keys():
                self._count(paragraph, -1, published, "")
        insort(self._published, published)
        for paragraph in sorted(paragraphs):
            self._count(paragraph, 0 if paragraph in old else 1, published, paragraphs[paragraph])
        self._db.execute(
            "INSERT OR REPLACE INTO articles (article, published, paragraphs, record, delivered)"
            " VALUES (?, ?, ?, ?, NULL)",
            (key, published, _pack(paragraphs), encode_article(article, encoded)),
        )

    def _count(self, paragraph: int, change: int, published: int, text: str) -> None:
        count, first, last = self._db.execute(
            "INSERT INTO paragraphs VALUES (?, max(?, 0), ?, ?) ON CONFLICT (paragraph) DO UPDATE"
            " SET articles = articles + ?, first = min(first, excluded.first),"
            " last = max(last, excluded.last) RETURNING articles, first, last",
            (paragraph, change, published, published, change),
        ).fetchone()
        candidate = self._candidates.get(paragraph)
        if count < self.rule.min_articles:
            self._candidates.pop(paragraph, None)
        elif candidate is None:
            promo = int(self.rule.is_promo(text)) if text else self._promo_flag(paragraph)
            self._db.execute("INSERT OR REPLACE INTO candidates VALUES (?, ?)", (paragraph, promo))
            self._candidates[paragraph] = [count, first, last, promo]
        else:
            candidate[:3] = [count, first, last]

    def _promo_flag(self, paragraph: int) -> int:
        row = self._db.execute(
            "SELECT promo FROM candidates WHERE paragraph = ?", (paragraph,)
        ).fetchone()
        return int(row[0]) if row else 0

    # -- judging ----------------------------------------------------------------------------
    def window(self, first: int, last: int) -> int:
        """Recorded articles published between ``first`` and ``last``, both included."""
        return bisect_right(self._published, last) - bisect_left(self._published, first)

    def judge(self) -> frozenset[int]:
        """Every paragraph the rule calls furniture, on everything recorded."""
        return frozenset(
            paragraph
            for paragraph, (count, first, last, promo) in self._candidates.items()
            if self.rule.is_furniture(count, self.window(first, last), bool(promo))
        )

    def adopt(self, furniture: frozenset[int]) -> None:
        """Make ``furniture`` the decision the delivered articles follow (on commit)."""
        if furniture == self.furniture:
            return
        self._db.execute("DELETE FROM furniture")
        self._db.executemany("INSERT INTO furniture VALUES (?)", ((p,) for p in furniture))
        self.furniture = furniture

    # -- delivery and corrections -----------------------------------------------------------
    def delivered(self, article_id: str, fingerprint: str) -> None:
        self._db.execute(
            "UPDATE articles SET delivered = ? WHERE article = ?", (fingerprint, article_id)
        )

    def delivered_with(self, paragraphs: frozenset[int]) -> list[str]:
        """The delivered articles that carry any of ``paragraphs``: one scan of the
        hashes, only when a decision changed."""
        if not paragraphs:
            return []
        return [
            key
            for key, blob in self._db.execute(
                "SELECT article, paragraphs FROM articles WHERE delivered IS NOT NULL"
            )
            if not paragraphs.isdisjoint(_unpack(blob))
        ]

    def delivered_article(self, key: str) -> tuple[Article | None, str | None]:
        """The article as recorded (None when its record was pruned) and the fingerprint
        of the revision delivered."""
        row = self._db.execute(
            "SELECT record, delivered FROM articles WHERE article = ?", (key,)
        ).fetchone()
        if row is None:
            return None, None
        return (decode_article(row[0]) if row[0] else None), row[1]

    def prune_records(self, before: int) -> int:
        """Forget the content of articles published before ``before`` (epoch s), and
        give the space back (committed)."""
        pruned = self._db.execute(
            "UPDATE articles SET record = NULL WHERE published < ? AND record IS NOT NULL",
            (before,),
        ).rowcount
        self._db.commit()
        self._db.execute("PRAGMA incremental_vacuum").fetchall()  # runs as rows are read
        return pruned

    def newest(self) -> int | None:
        return self._published[-1] if self._published else None

    def articles_recorded(self) -> int:
        return len(self._published)

    def commit(self) -> None:
        self._db.commit()

    def discard_uncommitted(self) -> None:
        """Forget what no published file carried (the in-memory view is not rolled back:
        only called when the run is over)."""
        self._db.rollback()

    def close(self) -> None:
        self._db.rollback()
        self._db.close()
