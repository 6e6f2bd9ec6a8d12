"""WARC files that appear under their final name only when complete.

A file is written as ``<name>.warc.gz.open``; when it reaches the size limit or the
crawl ends it is fsync'd and renamed to ``<name>.warc.gz``, and the directory fsync'd.
A crawl killed at any moment (even ``kill -9``) therefore leaves only complete files
under a final name, plus at most one ``*.open`` file: every gzip member in it that was
fully written is a readable record, only the last one may be cut short.

Each record goes to the kernel in one unbuffered ``write``, so a record written before
an article was parsed survives the process being killed; ``sync()`` adds the fsync
that makes it survive a power cut, and is called before the incremental state commits
(see ``newscrawl.archive.extension``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from newscrawl.archive.records import Fields, warcinfo_record
from newscrawl.feedstorage import _fsync_dir as fsync_directory

OPEN_SUFFIX = ".open"
FINAL_SUFFIX = ".warc.gz"


class RotatingWarcFile:
    """Appends gzip members to the current file; a new file starts with a warcinfo record."""

    def __init__(
        self,
        directory: Path,
        prefix: str,
        warcinfo: Fields,
        *,
        max_size: int,
        level: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = directory
        self.prefix = prefix
        self.warcinfo = list(warcinfo)
        self.max_size = max_size
        self.level = level
        self.clock = clock
        self.serial = 0
        self.finished: list[Path] = []
        self._file: int | None = None
        self._path: Path | None = None
        self._size = 0

    @property
    def open_path(self) -> Path | None:
        return self._path

    def write(self, *members: bytes) -> int:
        """Append complete gzip members (one exchange: response and request records) and
        rotate once the file has reached the size limit. Returns the bytes written."""
        if self._file is None:
            self._start()
        written = 0
        for member in members:
            written += self._write_all(member)
        if self._size >= self.max_size:
            self.finish()
        return written

    def sync(self) -> None:
        """Make what was written so far durable (the records themselves are already out of
        the process: each was one ``write``)."""
        if self._file is not None:
            os.fsync(self._file)

    def finish(self) -> Path | None:
        """Close the current file under its final name; None when no file was open."""
        if self._file is None or self._path is None:
            return None
        os.fsync(self._file)
        os.close(self._file)
        final = self._path.with_name(self._path.name.removesuffix(OPEN_SUFFIX))
        os.replace(self._path, final)
        fsync_directory(self.directory)
        self._file, self._path, self._size = None, None, 0
        self.finished.append(final)
        return final

    def _start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.serial += 1
        now = self.clock()
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(now))
        name = f"{self.prefix}-{stamp}-{self.serial:05d}-{os.getpid()}{FINAL_SUFFIX}"
        self._path = self.directory / (name + OPEN_SUFFIX)
        self._file = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        self._size = 0
        self._write_all(warcinfo_record(self.level, name, now, self.warcinfo))

    def _write_all(self, data: bytes) -> int:
        assert self._file is not None
        view = memoryview(data)
        while view:
            view = view[os.write(self._file, view) :]
        self._size += len(data)
        return len(data)
