"""The crawl's scope: only http(s) URLs on the site's own hosts, and every drop said aloud.

Scrapy's OffsiteMiddleware already drops other hosts (on scheduling, so nothing is
fetched), but logs only the first drop per domain, at DEBUG, and lets any scheme through
to the download handlers, which read ``file:`` URLs from the local disk and decode
``data:`` URLs. RedirectMiddleware refuses to follow a redirect to a non-HTTP scheme but
hands the 3xx on, where it is lost among HTTP errors (and fails outright on
``javascript:``). This subclass adds the scheme check, for requests and redirect
targets, and counts and logs every drop with its URL and reason as
``newscrawl/scope/<offsite|scheme>/<link|redirect>`` (links refused by the spider
itself are counted under the same keys).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

logger = logging.getLogger(__name__)

HTTP_SCHEMES = ("http", "https")


class AlreadyReported(IgnoreRequest):
    """A request a middleware refused and has already counted and logged: the spider's
    errback leaves it alone."""


class OutOfScope(AlreadyReported):
    """A request the scope refused; already counted and logged when raised."""


class ScopeMiddleware(OffsiteMiddleware):
    def process_request(self, request: Request) -> None:  # type: ignore[override]
        if urlparse_cached(request).scheme not in HTTP_SCHEMES:
            raise self._refuse(request, request.url, "scheme", "not an http(s) URL")
        try:
            super().process_request(request)
        except IgnoreRequest:
            raise self._refuse(request, request.url, "offsite", "not on the site's hosts") from None

    def process_response(self, request: Request, response: Response) -> Response:
        """A redirect to a non-http(s) URL (``file:``, ``javascript:``, ``data:``...) is
        refused before RedirectMiddleware sees it: it would pass some on as a 3xx and
        fail on others (Scrapy cannot build a ``javascript:`` request)."""
        location = response.headers.get("Location")
        if 300 <= response.status < 400 and location:
            target = urljoin(request.url, location.decode("latin-1"))
            if urlsplit(target).scheme not in HTTP_SCHEMES:
                raise self._refuse(request, target, "scheme", "redirect to a non-http(s) URL")
        return response

    def _refuse(self, request: Request, url: str, kind: str, reason: str) -> OutOfScope:
        chain = request.meta.get("redirect_urls") or []
        redirected = bool(chain) or url != request.url
        via = "redirect" if redirected else "link"
        source = request.url if url != request.url else (chain[-1] if chain else None)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/scope/{kind}/{via}")
        logger.info(
            "Dropped %s (%s)%s",
            url,
            reason,
            f", redirected from {source}" if redirected else "",
            extra={"spider": self.crawler.spider},
        )
        return OutOfScope(f"{reason}: {url}")
