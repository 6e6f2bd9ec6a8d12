"""Spider arguments are validated with one-line messages."""

from datetime import date

import pytest

from newscrawl.sites.expertkz import PROFILE
from newscrawl.spiders.arguments import parse_base_url, parse_since
from newscrawl.urls import article_id_of, strip_tracking


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://expert-kz.com", "https://expert-kz.com"),
        ("https://expert-kz.com/", "https://expert-kz.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ],
)
def test_base_url_ok(value: str, expected: str) -> None:
    assert parse_base_url(value) == expected


@pytest.mark.parametrize(
    "value", ["expert-kz.com", "ftp://expert-kz.com", "http://", "https://x.kz/tema", "http://h:0x"]
)
def test_base_url_rejected(value: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        parse_base_url(value)


def test_since() -> None:
    assert parse_since("2024-11-01") == date(2024, 11, 1)
    assert parse_since(None) is None
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_since("01.11.2024")


def test_tracking_and_print_parameters_stripped() -> None:
    url = (
        "https://expert-kz.com/tema/item/193315-almaty?utm_source=tg&utm_medium=x"
        "&tmpl=component&print=1&page=2#startOfPageId193315"
    )
    assert strip_tracking(url, PROFILE) == "https://expert-kz.com/tema/item/193315-almaty?page=2"


def test_article_ids() -> None:
    assert article_id_of("https://expert-kz.com/tema/item/193315-almaty", PROFILE) == "193315"
    assert article_id_of("http://127.0.0.1:1/kz/item/7?utm_source=a", PROFILE) == "7"
    assert (
        article_id_of("https://expert-kz.com/tema/itemlist/category/7-obshchestvo", PROFILE) is None
    )
    assert article_id_of("https://expert-kz.com/tema?start=14", PROFILE) is None
