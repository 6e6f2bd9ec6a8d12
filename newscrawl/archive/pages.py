"""The article pages of a web archive, as the crawl's parser received them.

An article page is a ``response`` record with status 200 whose URL is an article URL
of the site profile named by the file's warcinfo (``newscrawl-site``); its body is
the payload with the ``Content-Encoding`` undone (as HttpCompressionMiddleware did in
the crawl) and its declared charset comes from the stored ``Content-Type``. Records
that are not pages (warcinfo, request, metadata) and pages that are not articles
(robots.txt, sitemaps, feeds, listings, redirects, 404s) are passed over and counted.
What is damaged or unusable is a ``Skipped`` naming its file and offset: a revisit
record (it holds no page), a record type the WARC standard does not define, a
non-HTML payload at an article URL, a payload that fails its digest or cannot be
decoded.
"""

from __future__ import annotations

import hashlib
import zlib
from base64 import b32encode
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newscrawl.archive.extension import SITE_FIELD
from newscrawl.archive.reader import Damage, WarcRecord, read_warc
from newscrawl.sites import profile_named
from newscrawl.sites.base import SiteProfile

#: record types of WARC 1.0/1.1 that hold no page to parse
NOT_PAGES = frozenset({"warcinfo", "request", "metadata", "resource", "conversion", "continuation"})
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class ArchivedPage:
    url: str
    body: bytes
    encoding: str | None  # the charset of the stored Content-Type, if any
    date: str  # WARC-Date: when it was fetched
    site: str  # the profile the crawl used
    where: str  # file@offset


@dataclass(frozen=True)
class Skipped:
    where: str
    reason: str


def archived_pages(
    path: Path, default_site: str | None = None, passed: Counter[str] | None = None
) -> Iterator[ArchivedPage | Skipped]:
    """The article pages of one WARC file, in file order; ``passed`` counts the records
    that are not article pages, by kind."""
    passed = passed if passed is not None else Counter()
    site = default_site
    for record in read_warc(path):
        if isinstance(record, Damage):
            yield Skipped(record.where, record.reason)
            continue
        if record.type == "warcinfo":
            site = site_of(record) or site
        if record.type in NOT_PAGES:
            passed[record.type] += 1
            continue
        problem = page_problem(record, site)
        if problem is not None:
            yield Skipped(record.where, problem)
            continue
        assert site is not None
        message = HttpMessage.of(record)
        if not message.is_article(profile_named(site)):
            passed["not an article page"] += 1
            continue
        yield ArchivedPage(
            message.url,
            decoded(message.payload, message.headers),
            message.charset,
            record.headers.get("warc-date", ""),
            site,
            record.where,
        )


def site_of(record: WarcRecord) -> str | None:
    """The profile a warcinfo record names."""
    for line in record.block.decode("utf-8", "replace").splitlines():
        name, _, value = line.partition(":")
        if name.strip() == SITE_FIELD and value.strip():
            return value.strip()
    return None


@dataclass(frozen=True)
class HttpMessage:
    """The HTTP response stored in a response record."""

    url: str
    protocol: str
    status: int
    header_lines: list[tuple[bytes, bytes]]
    headers: dict[str, str]  # lower-cased names, the last value of each
    payload: bytes

    @classmethod
    def of(cls, record: WarcRecord) -> HttpMessage:
        """ValueError when the block is not an HTTP response."""
        block = record.block
        head_end = block.find(b"\r\n\r\n")
        lines = block[: max(head_end, 0)].split(b"\r\n")
        status_line = lines[0].split(b" ", 2)
        if head_end < 0 or len(status_line) < 2 or not status_line[0].startswith(b"HTTP/"):
            raise ValueError("response record without an HTTP response in it")
        header_lines = []
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            header_lines.append((name.strip(), value.strip()))
        return cls(
            record.headers.get("warc-target-uri", ""),
            status_line[0].decode("latin-1"),
            int(status_line[1]),
            header_lines,
            {n.decode("latin-1").lower(): v.decode("latin-1") for n, v in header_lines},
            block[head_end + 4 :],
        )

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").partition(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for parameter in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return None

    def is_article(self, profile: SiteProfile) -> bool:
        """Whether the crawl parsed this page as an article."""
        return self.status == 200 and bool(profile.article_url.match(self.url))


def page_problem(record: WarcRecord, site: str | None) -> str | None:
    """Why a record that may hold a page cannot be used, or None when it can."""
    kind = record.type
    if kind == "revisit":
        return "revisit record: it holds no page to parse"
    if kind != "response":
        return f"unknown record type {kind!r}"
    if site is None:
        return "no site profile: no warcinfo names one (use --site)"
    try:
        message = HttpMessage.of(record)
    except ValueError as error:
        return str(error)
    digest = record.headers.get("warc-payload-digest")
    if digest and digest.startswith("sha1:") and digest != _sha1(message.payload):
        return f"payload digest mismatch: {message.url}"
    if not message.is_article(profile_named(site)):
        return None
    if message.media_type not in HTML_TYPES:
        return f"non-HTML payload ({message.media_type or 'no type'}): {message.url}"
    try:
        decoded(message.payload, message.headers)
    except (ValueError, zlib.error) as error:
        return f"payload not decodable ({error}): {message.url}"
    return None


def _sha1(data: bytes) -> str:
    return "sha1:" + b32encode(hashlib.sha1(data).digest()).decode("ascii")


def decoded(payload: bytes, headers: dict[str, str]) -> bytes:
    """The payload with its transfer and content codings undone, as the crawl had it."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        payload = dechunked(payload)
    for coding in reversed(
        [c.strip().lower() for c in headers.get("content-encoding", "").split(",")]
    ):
        if coding in ("", "identity"):
            continue
        if coding in ("gzip", "x-gzip"):
            payload = zlib.decompress(payload, zlib.MAX_WBITS | 32)
        elif coding == "deflate":
            try:
                payload = zlib.decompress(payload)
            except zlib.error:  # raw deflate, as some servers send it
                payload = zlib.decompress(payload, -zlib.MAX_WBITS)
        elif coding == "br":
            import brotli  # Scrapy's own choice for br; installed with it when br is used

            payload = brotli.decompress(payload)
        else:
            raise ValueError(f"unknown Content-Encoding {coding!r}")
    return payload


def dechunked(data: bytes) -> bytes:
    parts, position = [], 0
    while True:
        line_end = data.find(b"\r\n", position)
        if line_end < 0:
            raise ValueError("bad chunked encoding")
        size = int(data[position:line_end].split(b";")[0], 16)
        if size == 0:
            return b"".join(parts)
        parts.append(data[line_end + 2 : line_end + 2 + size])
        position = line_end + 2 + size + 2
