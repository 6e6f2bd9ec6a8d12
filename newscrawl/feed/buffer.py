"""The articles of one open feed file, on disk until the file closes.

A run with one ``-O`` file may carry the whole site (190,000 articles on the live
site), so nothing is kept in memory: each article is one JSON line in an unnamed
temporary file, read back twice when the file closes (once to count paragraphs, once
to deliver). Other items (not ``Article``) are kept as they are and written unchanged.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from newscrawl.items import Article


class ArticleBuffer:
    def __init__(self, directory: str | None = None) -> None:
        # open for the buffer's whole life, closed by ``close``
        self._file = tempfile.TemporaryFile(dir=directory, prefix="newscrawl-feed-")  # noqa: SIM115
        self._others: list[Any] = []
        self.articles = 0

    def add(self, item: Any) -> None:
        if isinstance(item, Article):
            self._file.write(json.dumps(asdict(item), ensure_ascii=False).encode())
            self._file.write(b"\n")
            self.articles += 1
        else:
            self._others.append(item)

    def __iter__(self) -> Iterator[Article]:
        """The buffered articles, in the order they were added (may be iterated again)."""
        for article, _ in self.entries():
            yield article

    def entries(self) -> Iterator[tuple[Article, bytes]]:
        """Each buffered article with its JSON encoding (``dataclasses.asdict``)."""
        self._file.flush()
        self._file.seek(0)
        for line in self._file:
            yield Article(**json.loads(line)), line.rstrip(b"\n")
        self._file.seek(0, 2)

    def others(self) -> list[Any]:
        return self._others

    def close(self) -> None:
        self._file.close()
