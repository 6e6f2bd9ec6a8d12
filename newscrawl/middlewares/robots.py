"""robots.txt downloaded once per crawl.

Scrapy's RobotsTxtMiddleware fetches robots.txt for its rules, and SitemapSpider asks
for the same file again for its ``Sitemap:`` lines: two requests for one file, and
twice the wait when the site is slow. This middleware keeps the robots.txt responses
the crawl received (a few KB per host) and answers a later request for the same URL
with the kept response, so both readers parse one download. It sits just after
RobotsTxtMiddleware, whose own fetch of robots.txt always comes first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

ROBOTS_PATH = "/robots.txt"


class RobotsTxtOnce:
    def __init__(self) -> None:
        self._received: dict[str, Response] = {}

    def process_request(self, request: Request) -> Response | None:
        kept = self._received.get(request.url)
        return kept.replace(request=request) if kept is not None else None

    def process_response(self, request: Request, response: Response) -> Response:
        if (
            request.url.endswith(ROBOTS_PATH)
            and response.status < 500  # a server error is retried, not replayed
            and request.url not in self._received
        ):
            self._received[request.url] = response
        return response
