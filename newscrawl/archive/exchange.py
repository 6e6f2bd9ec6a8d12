"""One HTTP exchange of the crawl as two WARC records: the response and its request."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newscrawl.archive.records import http_head, status_line, warc_date, warc_record

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response


def exchange_records(
    level: int, response: Response, request: Request, started: float
) -> tuple[bytes, bytes]:
    """The response record and its request record, each a gzip member, dated ``started``
    (when the request went out). The response's payload is ``response.body`` as the
    download handler produced it: still content-encoded, matching its stored headers."""
    date = warc_date(started)
    head = http_head(
        status_line(response.protocol, response.status),
        ((name, value) for name, values in response.headers.items() for value in values),
    )
    fields = [("WARC-Type", "response"), ("WARC-Target-URI", response.url), ("WARC-Date", date)]
    if response.ip_address is not None:
        fields.append(("WARC-IP-Address", str(response.ip_address)))
    response_member, response_id = warc_record(
        level,
        fields,
        "application/http; msgtype=response",
        head,
        response.body,
        payload=response.body,
    )
    request_member, _ = warc_record(
        level,
        [
            ("WARC-Type", "request"),
            ("WARC-Target-URI", request.url),
            ("WARC-Date", date),
            ("WARC-Concurrent-To", response_id),
        ],
        "application/http; msgtype=request",
        request_head(request),
        request.body,
    )
    return response_member, request_member


def request_head(request: Request) -> bytes:
    """The request as sent: Twisted adds ``Host`` from the URL when no middleware set it."""
    url = urlsplit(request.url)
    target = (url.path or "/") + (f"?{url.query}" if url.query else "")
    headers = [(name, value) for name, values in request.headers.items() for value in values]
    if b"Host" not in request.headers:
        headers.insert(0, (b"Host", url.netloc.rpartition("@")[2].encode("ascii")))
    return http_head(f"{request.method} {target} HTTP/1.1", headers)
