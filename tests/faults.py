"""Faults a hostile web serves, as objects a FaultServer answers with instead of a page.

Each fault decides what one request gets: a status code, a lying header, a broken body,
or misbehaviour below HTTP (a reset, a slow drip, an endless stream). ``times`` makes a
fault transient: the first ``times`` requests for its path get the fault and later ones
the real page, which is how a test sees a retry succeed. ``times=None`` fails for ever.

Faults only describe behaviour; which path gets which fault is the test's business
(``FaultServer(faults={path: fault})``).
"""

from __future__ import annotations

import functools
import re
import socket
import struct
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

from newscrawl.replica.router import Request, Response

Upstream = Callable[[], Response]
"""Renders the page the replica would have served for this request."""

HTML = "text/html; charset=utf-8"
_CHUNK = 64 * 1024


@dataclass(kw_only=True)
class Fault:
    """Base fault: serves the real page; subclasses override `respond` and/or `send`."""

    times: int | None = None

    def active(self, attempt: int) -> bool:
        """Whether the ``attempt``-th request (1-based) for the path gets the fault."""
        return self.times is None or attempt <= self.times

    def respond(self, request: Request, upstream: Upstream) -> Response:
        return upstream()

    def send(self, handler: BaseHTTPRequestHandler, response: Response, send_body: bool) -> bool:
        """Write the answer below HTTP; return False to have it written normally."""
        return False


@dataclass
class Status(Fault):
    """An error status, optionally with ``Retry-After`` (seconds or an HTTP date)."""

    status: int
    retry_after: str | None = None

    def respond(self, request: Request, upstream: Upstream) -> Response:
        headers = {"Content-Type": HTML}
        if self.retry_after is not None:
            headers["Retry-After"] = self.retry_after
        body = f"<html><body><h1>{self.status}</h1></body></html>".encode()
        return Response(self.status, headers, body)


@dataclass
class Hang(Fault):
    """Say nothing for ``seconds`` (longer than the crawler's timeout), then answer."""

    seconds: float

    def respond(self, request: Request, upstream: Upstream) -> Response:
        time.sleep(self.seconds)
        return upstream()


@dataclass
class Reset(Fault):
    """Abort the connection with a TCP RST before any byte of the response."""

    def send(self, handler: BaseHTTPRequestHandler, response: Response, send_body: bool) -> bool:
        handler.close_connection = True
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
        return True


@dataclass
class Truncate(Fault):
    """Promise the whole body in Content-Length, send only ``keep`` of it, then close."""

    keep: float = 0.5

    def respond(self, request: Request, upstream: Upstream) -> Response:
        page = upstream()
        cut = int(len(page.body) * self.keep)
        return Response(
            page.status, {**page.headers, "Content-Length": str(len(page.body))}, page.body[:cut]
        )


@dataclass
class Drip(Fault):
    """Send the real page in ``chunks`` pieces, ``interval`` seconds apart (a slow server
    that still finishes within the crawler's timeout)."""

    chunks: int = 10
    interval: float = 0.1

    def send(self, handler: BaseHTTPRequestHandler, response: Response, send_body: bool) -> bool:
        _send_head(handler, response.status, {**response.headers}, len(response.body))
        size = -(-len(response.body) // self.chunks)
        for start in range(0, len(response.body), size):
            handler.wfile.write(response.body[start : start + size])
            handler.wfile.flush()
            time.sleep(self.interval)
        return True


@dataclass
class Redirect(Fault):
    """A redirect to ``location`` (absolute, relative, or any scheme at all)."""

    location: str
    status: int = 301

    def respond(self, request: Request, upstream: Upstream) -> Response:
        location = self.location.replace("{base}", request.base_url)
        return Response(self.status, {"Location": location, "Content-Type": HTML}, b"")


@dataclass
class GzipBomb(Fault):
    """A gzip body of zeros: about 1 KB on the wire per MB inflated."""

    inflated: int

    def respond(self, request: Request, upstream: Upstream) -> Response:
        headers = {"Content-Type": HTML, "Content-Encoding": "gzip"}
        return Response(200, headers, gzip_of_zeros(self.inflated))


@dataclass
class Oversized(Fault):
    """``size`` bytes of HTML; with ``declare_length`` False there is no Content-Length
    and the body ends when the connection closes, so only a running count can stop it."""

    size: int
    declare_length: bool = True

    def send(self, handler: BaseHTTPRequestHandler, response: Response, send_body: bool) -> bool:
        handler.close_connection = True
        _send_head(handler, 200, {"Content-Type": HTML}, self.size if self.declare_length else None)
        chunk = b"<p>" + b"x" * (_CHUNK - 8) + b"</p>\n\n"
        sent = 0
        try:
            while sent < self.size:
                piece = chunk[: self.size - sent]
                handler.wfile.write(piece)
                sent += len(piece)
        except OSError:  # the crawler hung up, as it should
            pass
        return True


@dataclass
class Pad(Fault):
    """The real page grown to ``size`` bytes by a comment before ``</body>`` (a page
    heavy with inline junk: big, yet a valid article)."""

    size: int

    def respond(self, request: Request, upstream: Upstream) -> Response:
        page = upstream()
        filler = b"<!-- " + b"x" * max(0, self.size - len(page.body) - 9) + b" -->"
        return Response(
            page.status, page.headers, page.body.replace(b"</body>", filler + b"</body>", 1)
        )


@dataclass
class Page(Fault):
    """A fixed answer: any body under any Content-Type (``render`` may use the request,
    e.g. to put the server's own base URL into a sitemap)."""

    render: Callable[[Request], bytes]
    content_type: str = HTML
    status: int = 200

    def respond(self, request: Request, upstream: Upstream) -> Response:
        return Response(self.status, {"Content-Type": self.content_type}, self.render(request))


@dataclass
class Retype(Fault):
    """The real page under another Content-Type (e.g. HTML as application/octet-stream)."""

    content_type: str

    def respond(self, request: Request, upstream: Upstream) -> Response:
        page = upstream()
        return Response(page.status, {**page.headers, "Content-Type": self.content_type}, page.body)


_META_CHARSET = re.compile(rb"<meta[^>]*charset[^>]*>\s*", re.IGNORECASE)


@dataclass
class Recode(Fault):
    """The real (UTF-8) page re-encoded as ``encoding``, declared in the HTTP header as
    ``header`` and in ``<meta http-equiv>`` as ``meta`` (None: not declared there).
    Characters the encoding lacks become numeric character references, as a CMS does."""

    encoding: str
    header: str | None = None
    meta: str | None = None

    def respond(self, request: Request, upstream: Upstream) -> Response:
        page = upstream()
        html = _META_CHARSET.sub(b"", page.body).decode("utf-8")
        if self.meta is not None:
            declaration = (
                f'<meta http-equiv="content-type" content="text/html; charset={self.meta}" />'
            )
            html = html.replace("<head>", "<head>\n" + declaration, 1)
        ctype = "text/html" + (f"; charset={self.header}" if self.header else "")
        body = html.encode(self.encoding, errors="xmlcharrefreplace")
        return Response(page.status, {**page.headers, "Content-Type": ctype}, body)


@dataclass
class Malform(Fault):
    """The real page with the tag soup real CMS pages have: every ``</p>`` and ``</li>``
    dropped, and an unclosed form holding a nested form in front of the article."""

    def respond(self, request: Request, upstream: Upstream) -> Response:
        page = upstream()
        html = page.body.decode("utf-8")
        html = re.sub(r"</(p|li)>", "", html)
        soup = (
            '<form action="/search" class="search"><input name="q">'
            '<form action="/login"><input name="user"></form>'
        )
        html = html.replace('<div id="k2Container"', soup + '<div id="k2Container"', 1)
        return Response(page.status, page.headers, html.encode("utf-8"))


def _send_head(
    handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], length: int | None
) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        if name.lower() != "content-length":
            handler.send_header(name, value)
    if length is not None:
        handler.send_header("Content-Length", str(length))
    handler.end_headers()


_MEMBER = 64 << 20  # inflated bytes per gzip member


@functools.cache
def _zeros_member() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    return b"".join(compressor.compress(block) for _ in range(_MEMBER >> 20)) + compressor.flush()


def gzip_of_zeros(size: int) -> bytes:
    """gzip of at least ``size`` zero bytes: one 64 MiB member repeated (RFC 1952 allows
    any number of members), so a gigabyte bomb is built in milliseconds."""
    return _zeros_member() * -(-size // _MEMBER)
