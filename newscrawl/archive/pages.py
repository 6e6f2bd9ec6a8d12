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
        kind = record.type
        if kind == "warcinfo":
            site = _site_of(record) or site
        if kind in NOT_PAGES:
            passed[kind] += 1
        elif kind == "revisit":
            yield Skipped(record.where, "revisit record: it holds no page to parse")
        elif kind != "response":
            yield Skipped(record.where, f"unknown record type {kind!r}")
        elif site is None:
            yield Skipped(record.where, "no site profile: no warcinfo names one (use --site)")
        else:
            page = _article_page(record, profile_named(site), passed)
            if page is not None:
                yield page


def _site_of(record: WarcRecord) -> str | None:
    for line in record.block.decode("utf-8", "replace").splitlines():
        name, _, value = line.partition(":")
        if name.strip() == SITE_FIELD and value.strip():
            return value.strip()
    return None


def _article_page(
    record: WarcRecord, profile: SiteProfile, passed: Counter[str]
) -> ArchivedPage | Skipped | None:
    url = record.headers.get("warc-target-uri", "")
    head_end = record.block.find(b"\r\n\r\n")
    status_line = record.block[: record.block.find(b"\r\n")].split(b" ", 2)
    if head_end < 0 or len(status_line) < 2 or not status_line[0].startswith(b"HTTP/"):
        return Skipped(record.where, "response record without an HTTP response in it")
    if status_line[1] != b"200" or not profile.article_url.match(url):
        passed["not an article page"] += 1
        return None
    payload = record.block[head_end + 4 :]
    digest = record.headers.get("warc-payload-digest")
    if digest and digest.startswith("sha1:") and digest != _sha1(payload):
        return Skipped(record.where, f"payload digest mismatch: {url}")
    headers = _http_headers(record.block[:head_end])
    media_type, _, parameters = headers.get("content-type", "").partition(";")
    if media_type.strip().lower() not in HTML_TYPES:
        return Skipped(record.where, f"non-HTML payload ({media_type.strip() or 'no type'}): {url}")
    try:
        body = decoded(payload, headers)
    except (ValueError, zlib.error) as error:
        return Skipped(record.where, f"payload not decodable ({error}): {url}")
    return ArchivedPage(
        url,
        body,
        _charset(parameters),
        record.headers.get("warc-date", ""),
        profile.name,
        record.where,
    )


def _sha1(data: bytes) -> str:
    return "sha1:" + b32encode(hashlib.sha1(data).digest()).decode("ascii")


def _http_headers(head: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


def decoded(payload: bytes, headers: dict[str, str]) -> bytes:
    """The payload with its transfer and content codings undone, as the crawl had it."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        payload = _dechunked(payload)
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


def _dechunked(data: bytes) -> bytes:
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
