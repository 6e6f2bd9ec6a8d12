"""A real HTTP server for the replica, run in a background thread for end-to-end tests.

ThreadingHTTPServer gives one thread per connection, so concurrent crawler requests really
overlap; the server records every request and the peak number handled at once
(`max_in_flight`), which is how a politeness test observes the crawler's concurrency. An
optional per-response `delay` keeps requests in flight long enough for overlap to show.

Subclasses inject faults by overriding `route(request)` (and may call `super().route`), and
faults below HTTP (resets, drips, streams) by overriding `send(...)`.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit

from newscrawl.replica.content import DEFAULT_SITE
from newscrawl.replica.model import Site
from newscrawl.replica.router import Request, Response, dispatch


class _Handler(BaseHTTPRequestHandler):
    """Thin adapter: parse the request, ask the owning ReplicaServer, write the answer."""

    server_version = "Apache"
    sys_version = ""
    replica: ReplicaServer  # set on the per-server subclass

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _serve(self, send_body: bool) -> None:
        replica = self.replica
        replica._enter(self.command, self.path)
        request = self._request()
        try:
            if replica.delay:
                time.sleep(replica.delay)
            try:
                response = replica.route(request)
            except Exception:  # a rendering bug must answer 500, not drop the connection
                response = Response(
                    500,
                    {"Content-Type": "text/plain; charset=utf-8"},
                    traceback.format_exc().encode(),
                )
        finally:
            replica._leave()
        replica.send(self, request, self._conditional(response), send_body)

    def _conditional(self, response: Response) -> Response:
        """ETag validators, as Apache serves Joomla pages behind a cache: 304 when unchanged."""
        if response.status != 200:
            return response
        etag = '"' + hashlib.md5(response.body).hexdigest() + '"'
        if self.headers.get("If-None-Match") == etag:
            return Response(304, {"ETag": etag}, b"")
        return Response(response.status, {**response.headers, "ETag": etag}, response.body)

    def _request(self) -> Request:
        parts = urlsplit(self.path)
        host = self.headers.get("Host")
        base = f"http://{host}" if host else self.replica.base_url
        return Request(
            method=self.command,
            path=unquote(parts.path) or "/",
            query=parse_qs(parts.query, keep_blank_values=True),
            base_url=base,
            target=self.path,
        )

    def log_message(self, format: str, *args: object) -> None:
        """Silence per-request stderr logging; `ReplicaServer.requests` records them."""


class ReplicaServer:
    """Serve a Site on host:port (port 0 = pick a free one) until stop().

    Use as a context manager. `site` may be replaced between crawls to edit an article;
    `delay` (seconds) may be changed at any time.
    """

    def __init__(
        self, site: Site | None = None, host: str = "127.0.0.1", port: int = 0, delay: float = 0.0
    ) -> None:
        self.site: Site = site if site is not None else DEFAULT_SITE
        self.delay = delay
        self._lock = threading.Lock()
        self._requests: list[tuple[str, str]] = []
        self._in_flight = 0
        self._max_in_flight = 0
        handler = type("ReplicaHandler", (_Handler,), {"replica": self})
        self._host = host
        self._httpd = ThreadingHTTPServer((host, port), handler)
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None
        self.start()

    # --- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        """Start serving in a daemon thread (called by the constructor)."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, name="replica-server", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket; safe to call twice."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
            self._httpd.server_close()

    def __enter__(self) -> ReplicaServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._httpd.server_port

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}"

    # --- the hook for subclasses ----------------------------------------------------------

    def route(self, request: Request) -> Response:
        """Answer one request. Override to inject faults; the default serves `self.site`."""
        return dispatch(self.site, request)

    def send(
        self,
        handler: BaseHTTPRequestHandler,
        request: Request,
        response: Response,
        send_body: bool,
    ) -> None:
        """Write `response` on the connection. Override for transport-level faults (resets,
        slow drips, bodies without Content-Length); a `Content-Length` in `response.headers`
        is sent as given, so a lying length needs no override."""
        handler.send_response(response.status)
        for name, value in response.headers.items():
            handler.send_header(name, value)
        if "Content-Length" not in response.headers:
            handler.send_header("Content-Length", str(len(response.body)))
        handler.end_headers()
        if send_body:
            # the client may be gone (a killed crawl): nothing left to answer
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                handler.wfile.write(response.body)

    # --- accounting ---------------------------------------------------------------------

    def _enter(self, method: str, target: str) -> None:
        with self._lock:
            self._requests.append((method, target))
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    @property
    def requests(self) -> list[tuple[str, str]]:
        """(method, raw target incl. query) of every request so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    @property
    def max_in_flight(self) -> int:
        """Peak number of requests being handled at the same time."""
        with self._lock:
            return self._max_in_flight

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight

    def reset_stats(self) -> None:
        """Forget recorded requests and the in-flight peak (e.g. between two crawls)."""
        with self._lock:
            self._requests.clear()
            self._max_in_flight = self._in_flight
