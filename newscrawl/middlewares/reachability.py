"""Give up at once on a site that cannot be reached at all.

When the very first requests to the site end below HTTP -- the connection is refused,
the host has no DNS name, TLS fails, or the server never answers within
DOWNLOAD_TIMEOUT -- retrying them and then trying every start URL in turn only repeats
the same failure (with Scrapy's defaults a refused site took 48 s and 227 lines of log).
Before the site has answered once, such a failure is not retried (this middleware sits
above RetryMiddleware, so it sees the exception first), what failed and where is kept
as ``newscrawl/unreachable``, and every later request is refused without a download.
The crawl then ends with no HTTP response: the health rules make that exit status 3 and
their one error line quotes ``newscrawl/unreachable``. Once the site has answered,
failures are ordinary and retried as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.utils.httpobj import urlparse_cached
from twisted.web._newclient import ResponseNeverReceived

from newscrawl.middlewares.scope import HTTP_SCHEMES, AlreadyReported

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class SiteUnreachable(AlreadyReported):
    """The site could not be reached; said once, when it was found out."""


def unreachable_because(error: BaseException) -> str | None:
    """What a failure below HTTP says about the site, or None for other errors."""
    if isinstance(error, DownloadConnectionRefusedError):
        return "connection refused"
    if isinstance(error, CannotResolveHostError):
        return "no such host, DNS lookup failed"
    if isinstance(error, DownloadTimeoutError):
        return "no answer within DOWNLOAD_TIMEOUT"
    if _is_tls_failure(error):
        return "TLS handshake failed"
    return None


def _is_tls_failure(error: BaseException) -> bool:
    """Twisted reports a failed handshake as a response never received, for an SSL error."""
    causes: list[BaseException] = [error]
    if isinstance(error, DownloadFailedError) and error.__cause__ is not None:
        causes.append(error.__cause__)
    for cause in causes:
        if isinstance(cause, ResponseNeverReceived):
            return any("SSL" in type(reason.value).__module__ for reason in cause.reasons)
    return False


class SiteReachability:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.answered = False
        #: what failed and where, once the site is known to be unreachable
        self.unreachable: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if self.unreachable is not None:
            raise SiteUnreachable(self.unreachable)

    def process_response(self, request: Request, response: Response) -> Response:
        if urlparse_cached(request).scheme in HTTP_SCHEMES:
            self.answered = True
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if self.answered or isinstance(exception, IgnoreRequest):
            return
        because = unreachable_because(exception)
        if because is None:
            return
        if self.unreachable is None:
            self.unreachable = f"{because} at {request.url}"
            assert self.crawler.stats is not None
            # the health rules' verdict (exit 3) says this, once, at the end of the run
            self.crawler.stats.set_value("newscrawl/unreachable", self.unreachable)
        raise SiteUnreachable(self.unreachable) from exception
