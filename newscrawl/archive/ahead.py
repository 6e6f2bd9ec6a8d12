"""Article pages of an archive parsed ahead of the replay, in worker processes.

In a rebuild the parser is the one stage that needs nothing but the page, so with
``-j N`` it runs in N worker processes over the archive's articles in archive order,
a bounded window ahead of the replayed crawl, which goes on doing everything else.
The parser is a pure function of the page's URL, decoded body and encoding; a result
is used only when all three are those of the response the spider got after the
downloader middlewares (otherwise, or when the page was not parsed ahead, the spider
parses it itself). So results are the same as with ``-j 1``, only sooner.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from scrapy.http import HtmlResponse, TextResponse

from newscrawl.archive.index import Capture
from newscrawl.archive.pages import HttpMessage, decoded
from newscrawl.archive.reader import read_warc_at
from newscrawl.extraction.article import ParseResult, parse_article
from newscrawl.sites import profile_named

Parsed = tuple[bytes, str, ParseResult]


def parse_archived(site: str, path: Path, offset: int, url: str) -> Parsed | None:
    """In a worker: the page at ``offset`` parsed, with what identifies its input."""
    try:
        message = HttpMessage.of(read_warc_at(path, offset))
        body = decoded(message.payload, message.headers)
    except Exception:  # the spider will meet the same page and report it
        return None
    response = HtmlResponse(
        url, body=body, headers={"Content-Type": message.headers.get("content-type", "")}
    )
    result = parse_article(response, profile_named(site), crawled_at=datetime.now(UTC))
    return hashlib.sha1(body).digest(), response.encoding, result


class ParseAhead:
    def __init__(self, site: str, captures: Iterable[Capture], jobs: int, window: int) -> None:
        self.site = site
        self.window = window
        self._queue = deque(captures)
        self._pending: dict[str, Future[Parsed | None]] = {}
        self._taken: set[str] = set()
        self._pool = ProcessPoolExecutor(jobs)
        self.used = self.missed = 0
        self._fill()

    def take(self, response: TextResponse) -> ParseResult | None:
        """The result parsed ahead for exactly this response, or None."""
        self._taken.add(response.url)
        future = self._pending.pop(response.url, None)
        parsed = future.result() if future is not None else None
        self._fill()
        if parsed is None:
            self.missed += 1
            return None
        digest, encoding, result = parsed
        if digest != hashlib.sha1(response.body).digest() or encoding != response.encoding:
            self.missed += 1
            return None
        self.used += 1
        return result

    def _fill(self) -> None:
        while self._queue and len(self._pending) < self.window:
            capture = self._queue.popleft()
            if capture.url not in self._taken and capture.url not in self._pending:
                self._pending[capture.url] = self._pool.submit(
                    parse_archived, self.site, capture.path, capture.offset, capture.url
                )

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
