"""Helpers for the web archive tests: a replica that gzips its pages, WARC read-back."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from newscrawl.replica.router import Request, Response
from newscrawl.replica.server import ReplicaServer


class GzipReplica(ReplicaServer):
    """The replica with every non-empty body sent ``Content-Encoding: gzip``, as most news
    sites do: the archive must store the body as received, with headers that match it."""

    def route(self, request: Request) -> Response:
        response = super().route(request)
        if not response.body:
            return response
        headers = {**response.headers, "Content-Encoding": "gzip"}
        return Response(response.status, headers, gzip.compress(response.body, mtime=0))


@dataclass
class ReadRecord:
    file: str
    type: str
    uri: str | None
    date: str | None
    headers: dict[str, str]
    status: str | None
    http_headers: dict[str, str]
    content: bytes  # the payload with any Content-Encoding removed (warcio's content_stream)
    raw_payload: bytes


def read_archive(directory: Path, pattern: str = "*.warc.gz") -> list[ReadRecord]:
    """Every record of every file, read by warcio with digest checks that raise."""
    records = []
    for path in sorted(directory.glob(pattern)):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, check_digests="raise"):
                raw = record.raw_stream.read()
                http = record.http_headers
                records.append(
                    ReadRecord(
                        file=path.name,
                        type=record.rec_type,
                        uri=record.rec_headers.get_header("WARC-Target-URI"),
                        date=record.rec_headers.get_header("WARC-Date"),
                        headers=dict(record.rec_headers.headers),
                        status=http.get_statuscode() if http is not None else None,
                        http_headers=dict(http.headers) if http is not None else {},
                        content=_decoded(
                            raw, http.get_header("Content-Encoding") if http else None
                        ),
                        raw_payload=raw,
                    )
                )
    return records


def _decoded(payload: bytes, encoding: str | None) -> bytes:
    return gzip.decompress(payload) if encoding == "gzip" and payload else payload
