"""WARC/1.0 records (ISO 28500) for one HTTP exchange, each compressed as its own gzip member.

Written by hand rather than with warcio's ``WARCWriter`` because the crawl pays for
every page: this serializer costs a fraction of warcio's for the same two records
(measured in ``benchmarks/archive_bench.py``, reasons in ``docs/archive.md``). warcio
still reads every record back in the tests, so the format is checked by the standard
library, not by this module.

One gzip member per record is what the WARC standard's annex recommends: a reader can
seek to any record, and a damaged member costs that record only.
"""

from __future__ import annotations

import hashlib
import time
import uuid
import zlib
from base64 import b32encode
from collections.abc import Iterable
from http import HTTPStatus

WARC_VERSION = b"WARC/1.0"
CRLF = b"\r\n"
#: a record's block is followed by two CRLFs (ISO 28500, 4)
RECORD_END = b"\r\n\r\n"
#: gzip framing for zlib (16 + the 15-bit window)
GZIP_WBITS = 31

Fields = Iterable[tuple[str, str]]


def warc_date(timestamp: float) -> str:
    """WARC/1.0's date form: UTC, to the second."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))


def new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def sha1_label(digest: bytes) -> str:
    """A digest as WARC writes it: the algorithm, a colon, base32."""
    return "sha1:" + b32encode(digest).decode("ascii")


def header_block(fields: Fields) -> bytes:
    """``Name: value`` lines, each ended by CRLF (values must hold no line breaks)."""
    return "".join(f"{name}: {value}\r\n" for name, value in fields).encode("utf-8")


def gzip_member(level: int, *parts: bytes) -> bytes:
    """``parts`` concatenated and compressed as one complete gzip member."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, GZIP_WBITS)
    out = [compressor.compress(part) for part in parts]
    out.append(compressor.flush())
    return b"".join(out)


def warc_record(
    level: int, warc_fields: Fields, content_type: str, *block: bytes, payload: bytes | None = None
) -> tuple[bytes, str]:
    """One record, gzip-compressed: the WARC header, then ``block`` (given in parts so an
    HTTP head and its body need not be joined). ``payload``, the part of the block after
    an HTTP head, gets a ``WARC-Payload-Digest``. Returns the member and the record id."""
    record_id = new_record_id()
    block_hash = hashlib.sha1()
    for part in block:
        block_hash.update(part)
    fields = [
        *warc_fields,
        ("WARC-Record-ID", record_id),
        ("WARC-Block-Digest", sha1_label(block_hash.digest())),
    ]
    if payload is not None:
        fields.append(("WARC-Payload-Digest", sha1_label(hashlib.sha1(payload).digest())))
    fields.append(("Content-Type", content_type))
    fields.append(("Content-Length", str(sum(map(len, block)))))
    head = WARC_VERSION + CRLF + header_block(fields) + CRLF
    return gzip_member(level, head, *block, RECORD_END), record_id


def warcinfo_record(level: int, filename: str, timestamp: float, info: Fields) -> bytes:
    """The record that opens every file: who wrote it and how (``application/warc-fields``)."""
    member, _ = warc_record(
        level,
        [
            ("WARC-Type", "warcinfo"),
            ("WARC-Date", warc_date(timestamp)),
            ("WARC-Filename", filename),
        ],
        "application/warc-fields",
        header_block(info),
    )
    return member


def http_head(start_line: str, headers: Iterable[tuple[bytes, bytes]]) -> bytes:
    """An HTTP/1.x message head: the start line, the header lines, the empty line."""
    lines = [start_line.encode("latin-1"), CRLF]
    for name, value in headers:
        lines += (name, b": ", value, CRLF)
    lines.append(CRLF)
    return b"".join(lines)


def status_line(protocol: str | None, status: int) -> str:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    return f"{protocol or 'HTTP/1.1'} {status} {reason}".rstrip()
