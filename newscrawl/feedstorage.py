"""Feed files that appear under their final name only when complete.

Scrapy's ``FileFeedStorage`` writes straight into the target path, so a crashed run
leaves a half-written file that a consumer may read as a whole. This storage writes
``<name>.partial``, fsyncs it and renames it into place on close. When an incremental
state is open it takes part in the state's write-ahead hand-over (``state.store``): the
state learns the file is complete before the rename, and commits after it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Self

from scrapy.extensions.feedexport import FileFeedStorage

from newscrawl.state.component import IncrementalState

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

PARTIAL_SUFFIX = ".partial"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AtomicFileFeedStorage(FileFeedStorage):
    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.final = Path(self.path)
        self.partial = self.final.with_name(self.final.name + PARTIAL_SUFFIX)
        self.crawler = crawler

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Spider) -> IO[bytes]:
        self.final.parent.mkdir(parents=True, exist_ok=True)
        return self.partial.open("wb")

    def store(self, file: IO[bytes]) -> None:
        file.flush()
        os.fsync(file.fileno())
        file.close()
        if self.write_mode == "ab" and self.final.exists():
            # Appending (-o) to an existing file cannot be a rename; append, then drop
            # the partial. Per-run file names (%(time)s) avoid this path entirely.
            with self.partial.open("rb") as source, self.final.open("ab") as target:
                shutil.copyfileobj(source, target)
                target.flush()
                os.fsync(target.fileno())
            self.partial.unlink()
            self._record(self.final)
            return
        state = IncrementalState.store_of(self.crawler) if self.crawler else None
        if state is not None:
            state.finalizing(self.partial, self.final)
        os.replace(self.partial, self.final)
        _fsync_dir(self.final.parent)
        self._record(self.final)

    def keep_partial(self, file: IO[bytes]) -> None:
        """Complete the file under ``<name>.partial`` and leave the final name alone (a
        run whose one file must not replace the previous one)."""
        file.flush()
        os.fsync(file.fileno())
        file.close()

    def _record(self, path: Path) -> None:
        """List the finished file in the stats (the run summary is written beside it)."""
        stats = self.crawler.stats if self.crawler else None
        if stats is not None:
            stats.set_value("newscrawl/feeds", [*stats.get_value("newscrawl/feeds", []), str(path)])
