"""URL dispatch of the replica: maps a request to (status, headers, body bytes).

Kept apart from the HTTP server so that a fault-injecting server subclass can wrap
`route()` and so that pages can be rendered in tests without sockets. Behaviour follows
Joomla's SEF + the default K2 router: any item is served under any K2 menu and with or
without its alias (canonical stays its own), unknown query parameters such as utm_* are
ignored, and everything else answers Joomla's 404 page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from newscrawl.replica.content import CASES
from newscrawl.replica.feeds import robots_txt, rss_xml, sitemap_xml
from newscrawl.replica.item_page import render_item
from newscrawl.replica.layout import K2_VERSION, error_page
from newscrawl.replica.listing import render_home, render_listing, render_plain
from newscrawl.replica.model import MENUS, Site
from newscrawl.replica.redesign import rename_item_classes

HTML_UTF8 = "text/html; charset=utf-8"
_ITEM_RE = re.compile(r"^/(?P<menu>[a-z]+)/item/(?P<id>\d+)(?:-(?P<alias>[^/]*))?$")
_K2_HEADER = {"X-Content-Powered-By": f"K2 v{K2_VERSION} (by JoomlaWorks)"}


@dataclass(frozen=True)
class Request:
    """What routing needs to know about one HTTP request."""

    method: str
    path: str
    query: dict[str, list[str]] = field(default_factory=dict)
    base_url: str = "http://127.0.0.1"
    target: str = "/"
    """The raw request target (path + query) as received."""

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    @property
    def url(self) -> str:
        return self.base_url + self.target


class Response(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes


def html_response(
    text: str, status: int = 200, encoding: str = "utf-8", k2: bool = False
) -> Response:
    """HTML bytes; non-UTF-8 pages get a bare "text/html" so the charset is only in <meta>."""
    ctype = HTML_UTF8 if encoding == "utf-8" else "text/html"
    headers = {"Content-Type": ctype, **(_K2_HEADER if k2 else {})}
    return Response(status, headers, text.encode(encoding, errors="xmlcharrefreplace"))


def not_found() -> Response:
    return html_response(error_page(404, "Страница не найдена"), status=404)


def _int_param(request: Request, *names: str) -> int:
    """Joomla reads limitstart with (int) casting: junk becomes 0."""
    for name in names:
        value = request.param(name)
        if value is not None:
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


def _item(site: Site, request: Request, match: re.Match[str]) -> Response:
    menu = match.group("menu")
    article = site.get(int(match.group("id")))
    if menu not in MENUS or article is None:
        return html_response(error_page(404, "Материал не найден"), status=404)
    component_only = request.param("tmpl") == "component"
    print_mode = component_only and request.param("print") == "1"
    page = render_item(
        site,
        article,
        base=request.base_url,
        request_path=request.path,
        request_url=request.url,
        menu=menu,
        component_only=component_only,
        print_mode=print_mode,
    )
    if site.renamed_classes:
        page = rename_item_classes(page)
    return html_response(page, encoding=article.encoding, k2=True)


def dispatch(site: Site, request: Request) -> Response:
    """Route one GET/HEAD request against `site`."""
    path, base = request.path, request.base_url
    if path in ("/", "/index.php"):
        return html_response(
            render_home(site, base, CASES["utm_only"], CASES["fragment_link"]), k2=True
        )
    if path == "/robots.txt":
        return Response(
            200,
            {"Content-Type": "text/plain; charset=utf-8"},
            robots_txt(base, site.sitemap).encode(),
        )
    if path == "/sitemap.xml" and site.sitemap:
        return Response(
            200,
            {"Content-Type": "application/xml; charset=utf-8"},
            sitemap_xml(site, base).encode(),
        )
    menu = path.lstrip("/")
    if menu in MENUS:
        if request.param("format") == "feed":
            if request.param("type") not in (None, "rss"):
                return not_found()
            return Response(
                200,
                {"Content-Type": "application/rss+xml; charset=utf-8", **_K2_HEADER},
                rss_xml(site, menu, base).encode(),
            )
        page = render_listing(site, menu, _int_param(request, "start", "limitstart"), base)
        return html_response(page, k2=True) if page is not None else not_found()
    match = _ITEM_RE.match(path)
    if match:
        return _item(site, request, match)
    plain = render_plain(site, menu, base)
    return html_response(plain) if plain is not None else not_found()
