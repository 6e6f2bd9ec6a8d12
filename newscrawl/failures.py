"""Why a request failed, as a short reason for stats keys and log lines.

The spider's errback sees every request that ended without a page for its callback:
HTTP errors once retries are spent (HttpError), network errors (timeouts, resets, lost
data), and requests a component refused (IgnoreRequest: robots.txt, DOWNLOAD_MAXSIZE,
too many redirects). Scrapy logs some of these and silently drops the IgnoreRequest ones;
naming each reason lets the spider count ``newscrawl/errors/<reason>`` for all of them.
"""

from __future__ import annotations

import re

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionDone, ConnectionLost
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

_BY_TYPE: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    (DownloadTimeoutError, "timeout"),
    (ResponseDataLossError, "data_loss"),
    (DownloadCancelledError, "too_large"),
    (DownloadConnectionRefusedError, "connection_refused"),
    (CannotResolveHostError, "dns"),
    ((ConnectionLost, ConnectionDone, ResponseNeverReceived, DownloadFailedError), "connection"),
)

_IGNORED_BY_MESSAGE = (
    ("robots.txt", "robots_disallowed"),
    ("DOWNLOAD_MAXSIZE", "too_large"),
    ("max redirections", "redirect_limit"),
)


def failure_reason(failure: Failure) -> str:
    """A snake_case reason: ``http_503``, ``timeout``, ``too_large``, ``robots_disallowed``..."""
    error = failure.value
    if isinstance(error, HttpError):
        return f"http_{error.response.status}"
    for types, reason in _BY_TYPE:
        if isinstance(error, types):
            return reason
    if isinstance(error, IgnoreRequest):
        message = str(error)
        for needle, reason in _IGNORED_BY_MESSAGE:
            if needle in message:
                return reason
        return "ignored"
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()
