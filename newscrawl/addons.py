"""Scrapy add-ons of newscrawl."""

from __future__ import annotations

import logging

from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

#: the smallest delay that still serializes a download slot's queue (see below)
MIN_DOWNLOAD_DELAY = 0.001


class PerDomainLimitGuard:
    """Keep CONCURRENT_REQUESTS_PER_DOMAIN a real limit under the asyncio reactor.

    Measured with Scrapy 2.19 and the asyncio reactor: with ``DOWNLOAD_DELAY = 0`` the
    downloader drains a slot's whole queue in one loop, because a request counts as
    "transferring" only once its asyncio task has started, so up to
    CONCURRENT_REQUESTS requests reach one site at once whatever the per-domain limit.
    Any positive delay makes the slot hand out one request per loop and the limit
    holds. A delay of 0 is therefore raised to 1 ms, at the priority it was given.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        if settings.getfloat("DOWNLOAD_DELAY") <= 0:
            priority = settings.getpriority("DOWNLOAD_DELAY") or 0
            settings.set("DOWNLOAD_DELAY", MIN_DOWNLOAD_DELAY, priority=priority)
            logger.info(
                "DOWNLOAD_DELAY=0 raised to %s s so CONCURRENT_REQUESTS_PER_DOMAIN holds",
                MIN_DOWNLOAD_DELAY,
            )
