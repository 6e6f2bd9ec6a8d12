"""The small pure pieces behind the fault handling: charset guessing, Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy.http import HtmlResponse

from newscrawl.middlewares.encoding import declares_encoding, guess_encoding
from newscrawl.middlewares.retry import retry_after_seconds

CANDIDATES = ["utf-8", "windows-1251", "koi8-r"]
SHORT = "<html><body><p>Президент подписал закон о СМИ</p></body></html>"


@pytest.mark.parametrize("encoding", CANDIDATES)
def test_guess_encoding_of_a_short_page(encoding: str) -> None:
    """Short pages are where a general detector fails: charset-normalizer (Scrapy 2.19's
    fallback) reads this KOI8-R sentence as Shift JIS."""
    assert guess_encoding(SHORT.encode(encoding), CANDIDATES) == encoding


def test_guess_encoding_none_when_nothing_decodes() -> None:
    assert guess_encoding(b"\x98\x98", ["utf-8", "windows-1251"]) is None


@pytest.mark.parametrize(
    ("headers", "body", "declared"),
    [
        ({"Content-Type": "text/html; charset=koi8-r"}, b"<html></html>", True),
        ({"Content-Type": "text/html"}, b'<meta charset="koi8-r"><html></html>', True),
        ({"Content-Type": "text/html"}, b"\xef\xbb\xbf<html></html>", True),
        ({"Content-Type": "text/html"}, b"<html></html>", False),
    ],
)
def test_declares_encoding(headers: dict[str, str], body: bytes, declared: bool) -> None:
    assert declares_encoding(HtmlResponse("http://x/", headers=headers, body=body)) is declared


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (b"120", 120.0),
        (b" 0 ", 0.0),
        (b"Wed, 27 Nov 2024 10:00:30 GMT", 30.0),
        (b"Wed, 27 Nov 2024 09:00:00 GMT", 0.0),  # in the past
        (b"soon", None),
        (b"", None),
        (None, None),
    ],
)
def test_retry_after_seconds(value: bytes | None, seconds: float | None) -> None:
    now = datetime(2024, 11, 27, 10, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(value, now) == seconds
