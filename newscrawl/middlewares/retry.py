"""Retries that wait: Scrapy's RetryMiddleware plus backoff and ``Retry-After``.

Scrapy retries at once (only lowering priority), and ignores ``Retry-After`` (scrapy
issue #3849). A server that answers 429/503 is asking for a pause, so here every retry
waits before it goes back to the scheduler: the server's ``Retry-After`` (seconds or an
HTTP date) when given, else ``RETRY_BACKOFF_BASE * 2**(n-1)`` for the n-th retry; both
capped by ``RETRY_BACKOFF_MAX`` so a hostile header cannot stall the crawl. The wait is a
non-blocking sleep inside the middleware (the reactor keeps serving other requests); the
waiting request holds one of CONCURRENT_REQUESTS meanwhile. Which responses and
exceptions are retried, how often, and the ``retry/*`` stats stay Scrapy's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.asyncio import sleep

if TYPE_CHECKING:
    from scrapy.http import Response
    from scrapy.settings import BaseSettings


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, retry_after_seconds(response.headers.get("Retry-After")))
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result, None)
        return result

    async def _wait(self, retry: Request, retry_after: float | None) -> None:
        attempt = retry.meta.get("retry_times", 1)
        delay = retry_after if retry_after is not None else self.backoff_base * 2 ** (attempt - 1)
        delay = min(delay, self.backoff_max)
        if self.crawler.stats is not None and retry_after is not None:
            self.crawler.stats.inc_value("newscrawl/retry/retry_after_honoured")
        if delay > 0:
            await sleep(delay)


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date (RFC 9110
    10.2.3); None when absent or unreadable, 0 for a date in the past."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
