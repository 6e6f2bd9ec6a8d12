"""The page's lxml tree, built once from the response, as parsel would build it.

Scrapy's ``response.selector`` decodes the body into ``response.text``, strips it,
encodes it back to UTF-8 for lxml, runs w3lib's base-URL regex over the whole text and
keeps the selector on the response (the response/selector reference cycle of
scrapy#2977). On a 60 KB page that costs more than half of the lxml parse itself, and the
parser never needs the base URL (links are joined with the response URL).

The tree here is parsed from exactly the bytes parsel would hand lxml, with the same
parser options, so every text and every XPath result is the same. When the body is
already those bytes (UTF-8 without a BOM or NULs, starting with ``<`` and ending with
``>`` once ASCII whitespace is stripped) it is parsed as it is. libxml2 reports every
invalid UTF-8 sequence, and such a page, where parsel would have replaced the bytes by
U+FFFD, is parsed again from ``response.text``; so is every other page.

Every page is parsed as HTML. parsel guessed the type of a plain ``TextResponse`` from
its text: a body that starts with ``<?xml`` was parsed as XML, and its XHTML namespace
then made every selector miss. Article pages are HTML, whatever their content type.
"""

from __future__ import annotations

import re

from lxml import etree
from scrapy.http import TextResponse
from w3lib.encoding import resolve_encoding

#: libxml2 stops logging after 100 errors (XML_MAX_ERRORS); a log this long may be
#: missing the entries this module reads, so it is not trusted
_TRUSTED_LOG_SIZE = 50
_ENCODING_ERRORS = frozenset(
    {etree.ErrorTypes.ERR_INVALID_CHAR, etree.ErrorTypes.ERR_INVALID_ENCODING}
)
_ID_REDEFINED = etree.ErrorTypes.DTD_ID_REDEFINED
_REDEFINED_MESSAGE = re.compile(r"ID (.*) already defined")
_EMPTY_DOCUMENT = b"<html/>"

#: the id index libxml2 builds while parsing HTML: no walk over the page
_BY_ID_INDEX = etree.XPath("id($ident)", regexp=False)
_BY_ID_SCAN = etree.XPath("//*[@id = $ident]", regexp=False)


class Document:
    """A parsed page: its root element, and its ids as the parser indexed them."""

    def __init__(self, root: etree._Element, log: etree._ListErrorLog) -> None:
        self.root = root
        self._redefined = _redefined_ids(log)
        self._by_id: dict[str, etree._Element | None] = {}

    def by_id(self, ident: str) -> etree._Element | None:
        """The only element with ``id="ident"``; None when there is none or several.

        Looked up in libxml2's id index, which keeps the first of several equal ids
        and logs each later one as redefined. Pages whose log cannot be trusted to
        hold every redefinition are searched instead.
        """
        if ident not in self._by_id:
            if self._redefined is None:
                found = _BY_ID_SCAN(self.root, ident=ident)
            elif ident in self._redefined:
                found = []
            else:
                found = _BY_ID_INDEX(self.root, ident=ident)
            self._by_id[ident] = found[0] if len(found) == 1 else None
        return self._by_id[ident]


def _redefined_ids(log: etree._ListErrorLog) -> frozenset[str] | None:
    """The ids given to more than one element, or None if the log may miss some."""
    if len(log) >= _TRUSTED_LOG_SIZE:
        return None
    redefined: set[str] = set()
    for entry in log:
        if entry.type == _ID_REDEFINED:
            match = _REDEFINED_MESSAGE.fullmatch(entry.message)
            if match is None:
                return None
            redefined.add(match.group(1))
    return frozenset(redefined)


def _parser() -> etree.HTMLParser:
    """parsel's options (lxml.html's HTMLParser is this one plus element classes)."""
    return etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)


def parse_document(response: TextResponse) -> Document:
    """The page's tree, identical to ``response.selector.root``; the response is left
    without a cached selector."""
    body = _as_parsel_bytes(response)
    if body is not None:
        parser = _parser()
        try:
            root = etree.fromstring(body, parser)
        except etree.XMLSyntaxError:
            root = None
        log = parser.error_log
        if root is not None and _valid_utf8(body, log):
            return Document(root, log)
    return _from_text(response.text)


def _as_parsel_bytes(response: TextResponse) -> bytes | None:
    """The body stripped, when it is what parsel's decoding and re-encoding would give
    (pending the UTF-8 check of the parse); None otherwise."""
    body = response.body
    if b"\x00" in body or resolve_encoding(response.encoding) != "utf-8":
        return None
    body = body.strip()
    # A first and last byte that Python's str.strip() keeps too, so both strips agree;
    # a BOM (which w3lib would drop) fails the first test.
    if body[:1] != b"<" or body[-1:] != b">":
        return None
    return body


def _valid_utf8(body: bytes, log: etree._ListErrorLog) -> bool:
    if len(log) >= _TRUSTED_LOG_SIZE:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    return not any(entry.type in _ENCODING_ERRORS for entry in log)


def _from_text(text: str) -> Document:
    """parsel's ``create_root_node`` for a decoded page, without the base URL."""
    body = text.strip().replace("\x00", "").encode("utf-8") or _EMPTY_DOCUMENT
    parser = _parser()
    root = etree.fromstring(body, parser)
    if root is None:
        root = etree.fromstring(_EMPTY_DOCUMENT, parser)
    return Document(root, parser.error_log)
