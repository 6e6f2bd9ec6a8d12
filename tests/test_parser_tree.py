"""The parser's own tree and queries select what Scrapy's ``response.selector`` did."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from parsel.csstranslator import css2xpath
from scrapy.http import HtmlResponse

from newscrawl.extraction.document import Document, parse_document
from newscrawl.extraction.metadata import page_metadata
from newscrawl.extraction.queries import in_document_order, query

URL = "https://expert-kz.com/tema/item/1-x"
PAGE = (
    '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Заголовок</title>'
    "</head><body><div id='k2Container'><h2 class='itemTitle'>Привет &amp; мир</h2>"
    "<p>Текст</p></div></body></html>"
)
UTF8 = {"Content-Type": "text/html; charset=utf-8"}


def same_tree(body: bytes, headers: dict[str, str] | None = None) -> None:
    ours = parse_document(HtmlResponse(URL, body=body, headers=headers or {})).root
    theirs = HtmlResponse(URL, body=body, headers=headers or {}).selector.root
    assert etree.tostring(ours, encoding="unicode") == etree.tostring(theirs, encoding="unicode")


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (PAGE.encode(), UTF8),
        (PAGE.encode(), None),  # charset from <meta>
        (b"\n \t" + PAGE.encode() + b"\n\n", UTF8),
        ("\u00a0".encode() + PAGE.encode() + "\u3000".encode(), UTF8),  # stripped by str.strip
        (b"\xef\xbb\xbf" + PAGE.encode(), UTF8),  # BOM
        (PAGE.encode().replace(b"<p>", b"<p>\x00"), UTF8),  # NUL
        (PAGE.encode().replace(b"<p>", b"<p>\xff\xfe"), UTF8),  # invalid UTF-8
        (PAGE.encode().replace(b"<p>", b"<p>\xed\xa0\x80"), UTF8),  # encoded surrogate
        (PAGE.encode() + b"trailing words", UTF8),
        (PAGE.encode("cp1251", "replace"), {"Content-Type": "text/html; charset=windows-1251"}),
        (PAGE.encode("utf-16"), {"Content-Type": "text/html; charset=utf-16"}),
        (PAGE.encode(), {"Content-Type": "text/html; charset=iso-8859-1"}),
        (b"   ", UTF8),
        (b"<!-- only a comment -->", UTF8),
        (b"plain words", UTF8),
    ],
)
def test_tree_is_the_selectors_tree(body: bytes, headers: dict[str, str] | None) -> None:
    same_tree(body, headers)


def test_no_selector_is_left_on_the_response() -> None:
    response = HtmlResponse(URL, body=PAGE.encode(), headers=UTF8)
    parse_document(response)
    assert response._cached_selector is None


def document(html: str) -> Document:
    return parse_document(HtmlResponse(URL, body=html.encode(), headers=UTF8))


def test_by_id_only_when_unique() -> None:
    once = document("<html><body><div id='a'>1</div><p id='b'>2</p></body></html>")
    assert once.by_id("a") is not None and once.by_id("a").tag == "div"
    assert once.by_id("missing") is None
    twice = document("<html><body><div id='a'>1</div><span id='a'>2</span></body></html>")
    assert twice.by_id("a") is None


def test_by_id_searches_when_the_parser_log_is_full() -> None:
    """Past libxml2's error limit a redefinition may not be logged: the page is searched."""
    noise = "</x>" * 200
    page = document(f"<html><body>{noise}<div id='a'>1</div><b id='a'>2</b></body></html>")
    assert page.by_id("a") is None
    single = document(f"<html><body>{noise}<div id='a'>1</div></body></html>")
    assert single.by_id("a") is not None


# -- queries: scoped to the #id container or over the whole page, the same nodes ---------------
_BLOCK = st.sampled_from(
    [
        "<h2 class='itemTitle'>t</h2>",
        "<div class='itemIntroText x'>i</div>",
        "<div class='itemFullText'>f</div>",
        "<span class='itemAuthor'><a>n</a></span>",
        "<p>plain</p>",
    ]
)
_CONTAINER = st.lists(_BLOCK, max_size=4).map(
    lambda blocks: f"<div id='k2Container'>{''.join(blocks)}</div>"
)
_OUTSIDE = st.lists(_BLOCK, max_size=3).map("".join)
SELECTORS = (
    "#k2Container h2.itemTitle",
    "#k2Container div.itemIntroText, #k2Container div.itemFullText",
    "#k2Container span.itemAuthor a",
    "#k2Container div.itemFullText, #k2Container div.itemIntroText",
)


@settings(max_examples=150, deadline=None)
@given(
    before=_OUTSIDE,
    containers=st.lists(_CONTAINER, min_size=0, max_size=2),
    after=_OUTSIDE,
)
def test_query_selects_what_the_whole_page_xpath_selects(
    before: str, containers: list[str], after: str
) -> None:
    html = f"<html><body>{before}{''.join(containers)}{after}</body></html>"
    page = document(html)
    for css in SELECTORS:
        whole = etree.XPath(css2xpath(css))(page.root)
        assert query(css)(page) == whole
        intro, full = (part.strip() for part in SELECTORS[1].split(","))
        union = etree.XPath(css2xpath(f"{intro}, {full}"))(page.root)
        assert in_document_order([query(full)(page), query(intro)(page)]) == union


def test_in_document_order_gives_up_on_strings() -> None:
    assert in_document_order([["text"]]) is None


def test_page_metadata_reads_what_the_xpaths_read() -> None:
    page = document(
        "<html><head>"
        "<link rel='canonical'><link rel='canonical' href='/a'><link rel='canonical' href='/b'>"
        "<meta name='description'><meta name='description' content=' first '>"
        "<meta property='og:title' name='title' content='both'>"
        "<meta name='description' content='second'>"
        '<script type=\'application/ld+json\'>{"@type": "Article"}</script>'
        "<script type='text/javascript'>var x;</script>"
        "</head><body><script type='application/ld+json'>[]</script></body></html>"
    )
    found = page_metadata(page.root)
    assert found.canonical == "/a"
    assert found.meta("description") == "first"
    assert found.meta("missing", "title") == "both"
    assert found.meta("og:title") == "both"
    assert found.scripts == ['{"@type": "Article"}', "[]"]
