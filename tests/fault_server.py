"""The replica with faults injected: a table ``{path: Fault}`` decides what each path gets.

Every other path is the normal replica, so a crawl of a FaultServer is a crawl of the
whole site in which some pages misbehave; the test compares the feed with the site minus
what could not be fetched. ``home_links`` are extra hrefs put on the home page (whose
links the spider follows), which is how fault-only pages and hostile links (off-site,
``javascript:``, ``file:``) are discovered. The server records when each path was asked
for, so a test can check that a retry waited for its Retry-After.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from html import escape
from http.server import BaseHTTPRequestHandler

from newscrawl.replica.model import Site
from newscrawl.replica.router import Request, Response
from newscrawl.replica.server import ReplicaServer
from tests.faults import Fault

HOME_PATHS = ("/", "/index.php")


class FaultServer(ReplicaServer):
    def __init__(
        self,
        site: Site | None = None,
        faults: Mapping[str, Fault] | None = None,
        home_links: Iterable[str] = (),
        **kwargs: object,
    ) -> None:
        self.faults: dict[str, Fault] = dict(faults or {})
        self.home_links: list[str] = list(home_links)
        self._hits: dict[str, list[float]] = {}
        self._hits_lock = threading.Lock()
        self._current = threading.local()  # the fault chosen by route(), for send()
        super().__init__(site, **kwargs)  # type: ignore[arg-type]

    def route(self, request: Request) -> Response:
        with self._hits_lock:
            times = self._hits.setdefault(request.path, [])
            times.append(time.monotonic())
            attempt = len(times)
        fault = self.faults.get(request.path)
        if fault is None or not fault.active(attempt):
            self._current.fault = None
            return self._page(request)
        self._current.fault = fault
        return fault.respond(request, lambda: self._page(request))

    def send(
        self,
        handler: BaseHTTPRequestHandler,
        request: Request,
        response: Response,
        send_body: bool,
    ) -> None:
        fault: Fault | None = getattr(self._current, "fault", None)
        try:
            if fault is None or not fault.send(handler, response, send_body):
                super().send(handler, request, response, send_body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up on this answer (a timeout, a size limit): expected

    def _page(self, request: Request) -> Response:
        """The replica's page, with ``home_links`` added to the home page."""
        page = super().route(request)
        if request.path not in HOME_PATHS or not self.home_links:
            return page
        anchors = "".join(
            f'<a href="{escape(href)}">{escape(href)}</a>\n' for href in self.home_links
        )
        body = page.body.replace(b"</body>", anchors.encode() + b"</body>", 1)
        return Response(page.status, page.headers, body)

    def hits(self, path: str) -> list[float]:
        """Monotonic times at which ``path`` was requested, in order."""
        with self._hits_lock:
            return list(self._hits.get(path, ()))
