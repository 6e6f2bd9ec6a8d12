"""WARC records read one at a time, so a damaged record costs only itself.

Neither warcio nor fastwarc does this (measured in docs/archive.md): at a truncated
gzip member both stop reading the file, and a record whose ``Content-Length`` is wrong
is either read short without a word (warcio) or ends the file (fastwarc). Here each
gzip member is inflated on its own and must hold whole records, ending exactly where
their ``Content-Length`` says; anything else is reported as ``Damage`` (file, offset,
reason) and reading resumes at the next gzip member (or, in an uncompressed ``.warc``,
the next ``WARC/`` line). The file is memory-mapped, so a 1 GB file is never read into
memory, and each record is inflated from its own offset.
"""

from __future__ import annotations

import mmap
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b\x08"
#: bytes fed to the inflater at a time
_CHUNK = 1 << 16
#: a record inflating past this is refused (a bomb, or not one record per member)
MAX_RECORD = 256 << 20
_WARC_LINE = re.compile(rb"WARC/1\.[01]\r\n")
_RECORD_END = b"\r\n\r\n"


@dataclass(frozen=True)
class WarcRecord:
    path: Path
    offset: int  # of its gzip member, or of the record in an uncompressed file
    headers: dict[str, str]  # WARC named fields, names lower-cased
    block: bytes

    @property
    def type(self) -> str:
        return self.headers.get("warc-type", "")

    @property
    def where(self) -> str:
        return f"{self.path}@{self.offset}"


@dataclass(frozen=True)
class Damage:
    """A part of a file that held no readable record: where, and why."""

    path: Path
    offset: int
    reason: str

    @property
    def where(self) -> str:
        return f"{self.path}@{self.offset}"


class BadRecord(ValueError):
    pass


def read_warc(path: Path) -> Iterator[WarcRecord | Damage]:
    """Every record of a ``.warc`` or ``.warc.gz`` file (also one still ``.open``), and
    the damage met on the way, in file order."""
    try:
        with path.open("rb") as file:
            if path.stat().st_size == 0:
                return
            with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
                gzipped = data[:3] == GZIP_MAGIC
                yield from (_gzip_records if gzipped else _plain_records)(path, data)
    except OSError as error:
        yield Damage(path, 0, f"unreadable: {error.strerror or error}")


def _gzip_records(path: Path, data: mmap.mmap) -> Iterator[WarcRecord | Damage]:
    offset = 0
    while offset < len(data):
        try:
            content, end = _inflate_member(data, offset)
            for header, block in _split_records(content):
                yield WarcRecord(path, offset, header, block)
        except (BadRecord, zlib.error) as error:
            yield Damage(path, offset, str(error) or type(error).__name__)
            end = data.find(GZIP_MAGIC, offset + 1)
            if end < 0:
                return
        offset = end


def _inflate_member(data: mmap.mmap, offset: int) -> tuple[bytes, int]:
    """The content of the gzip member at ``offset`` and the offset after it."""
    if data[offset : offset + 3] != GZIP_MAGIC:
        raise BadRecord("not a gzip member")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    parts, size, position = [], 0, offset
    while not inflater.eof:
        chunk = data[position : position + _CHUNK]
        if not chunk:
            raise BadRecord("truncated gzip member (the file ends inside it)")
        parts.append(inflater.decompress(chunk))
        size += len(parts[-1])
        if size > MAX_RECORD:
            raise BadRecord(f"gzip member inflates past {MAX_RECORD} bytes")
        position += len(chunk)
    return b"".join(parts), position - len(inflater.unused_data)


def _split_records(content: bytes) -> Iterator[tuple[dict[str, str], bytes]]:
    """The records of one member's content; it must end where the last record does."""
    position = 0
    while position < len(content):
        headers, block_start = _parse_header(content, position)
        end = block_start + _content_length(headers)
        if content[end : end + 4] != _RECORD_END:
            held = len(content) - block_start - len(_RECORD_END)
            raise BadRecord(
                f"Content-Length {_content_length(headers)} does not match the record "
                f"({held} bytes before the end of its gzip member)"
            )
        yield headers, content[block_start:end]
        position = end + 4


def _parse_header(data: bytes | mmap.mmap, position: int) -> tuple[dict[str, str], int]:
    if not _WARC_LINE.match(data, position):
        raise BadRecord("no WARC/1.0 or WARC/1.1 record here")
    end = data.find(b"\r\n\r\n", position)
    if end < 0:
        raise BadRecord("WARC header without an end")
    headers = {}
    for line in data[position:end].split(b"\r\n")[1:]:
        name, colon, value = line.partition(b":")
        if not colon:
            raise BadRecord(f"bad WARC header line {line[:60]!r}")
        headers[name.strip().decode("latin-1").lower()] = value.strip().decode("utf-8", "replace")
    return headers, end + 4


def _content_length(headers: dict[str, str]) -> int:
    try:
        length = int(headers["content-length"])
    except (KeyError, ValueError):
        raise BadRecord("no valid Content-Length") from None
    if length < 0 or length > MAX_RECORD:
        raise BadRecord(f"Content-Length {length} out of range")
    return length


def _plain_records(path: Path, data: mmap.mmap) -> Iterator[WarcRecord | Damage]:
    offset = 0
    while offset < len(data):
        try:
            headers, block_start = _parse_header(data, offset)
            end = block_start + _content_length(headers)
            if data[end : end + 4] != _RECORD_END:
                raise BadRecord(
                    f"Content-Length {_content_length(headers)} does not match the record"
                )
            yield WarcRecord(path, offset, headers, bytes(data[block_start:end]))
            offset = end + 4
        except BadRecord as error:
            yield Damage(path, offset, str(error))
            found = _WARC_LINE.search(data, offset + 1)
            if found is None:
                return
            offset = found.start()


def read_warc_at(path: Path, offset: int) -> WarcRecord:
    """The record at ``offset`` (found earlier by ``read_warc``); BadRecord if gone bad."""
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data[offset : offset + 3] == GZIP_MAGIC:
            content, _ = _inflate_member(data, offset)
            headers, block = next(_split_records(content))
            return WarcRecord(path, offset, headers, block)
        headers, block_start = _parse_header(data, offset)
        end = block_start + _content_length(headers)
        return WarcRecord(path, offset, headers, bytes(data[block_start:end]))
