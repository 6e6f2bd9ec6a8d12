"""The fault-laden site of the end-to-end fault tests: one case per fault, and what a
correct crawl makes of it.

The site is the shipped replica plus one clone of an ordinary article per page fault
(``clone``), so each fault sits on its own article, found the usual ways (sitemap,
listing, RSS) at its canonical path, where the fault server serves the fault instead.
A case says whether its article must be in the feed (exactly as ``expected_record``
renders it) and which counter records what happened. Fault-only paths (redirect
starts, hostile pages, hostile links) are put on the home page, whose article-shaped
links the spider follows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from newscrawl.replica.content import DEFAULT_SITE, ReplicaArticle, Site
from tests.faults import (
    Drip,
    Fault,
    Hang,
    Malform,
    Page,
    Recode,
    Redirect,
    Reset,
    Retype,
    Status,
    Truncate,
)

TEMPLATE = DEFAULT_SITE.article(183577)  # an ordinary /tema article, plain Russian text
FIRST_CLONE_ID = 900001
DOWNLOAD_TIMEOUT = 2  # tests.crawl_runner.TEST_SETTINGS
RETRY_AFTER = 1  # seconds, in the Retry-After headers below


def clone(n: int, **changes: object) -> ReplicaArticle:
    """The n-th copy of TEMPLATE: own id, alias, title and text; same shape otherwise.

    Every paragraph is marked with n: text shared by many articles of a site is what
    the site-furniture learner removes, and clones must not look like furniture."""
    fields: dict[str, object] = {
        "item_id": FIRST_CLONE_ID + n,
        "alias": f"svodka-{n}",
        "title": f"{TEMPLATE.title} (сводка {n})",
        "paragraphs": tuple(f"Сводка {n}. {p}" for p in TEMPLATE.paragraphs),
        "published": TEMPLATE.published + timedelta(hours=n),
        **changes,
    }
    return replace(TEMPLATE, **fields)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Case:
    """One fault on one article (``article`` set) or on a fault-only path (``path``)."""

    name: str
    fault: Fault | None
    in_feed: bool
    counters: tuple[str, ...] = ()
    """Stats keys this case adds exactly one to (retries are checked separately)."""
    article: ReplicaArticle | None = None
    path: str | None = None
    """Where the fault is served, when not at the article's canonical path."""
    linked: bool = False
    """Put ``path`` on the home page."""
    repeats: int = 0
    """Requests for the faulted path beyond the first (retries, or a redirect loop)."""

    @property
    def retried(self) -> bool:
        """Whether the repeats are RetryMiddleware's (a transient-error fault)."""
        return self.repeats > 0 and isinstance(self.fault, (Status, Reset, Hang, Truncate))

    @property
    def fault_path(self) -> str:
        if self.path is not None:
            return self.path
        assert self.article is not None
        return self.article.path


def _hidden(n: int) -> ReplicaArticle:
    """A clone reachable only through the case's own path (e.g. a redirect chain)."""
    return clone(n, listed=False, in_sitemap=False, in_rss=False, cross_linked=False)


def _minimal_page(item_id: int, title: str | None, body: str | None, date: str | None) -> Page:
    """A bare K2 item page with only the parts given (the rest is simply absent)."""
    parts = [f'<link rel="canonical" href="/tema/item/{item_id}-bare" />']
    content = []
    if title:
        content.append(f'<h2 class="itemTitle">{title}</h2>')
    if date:
        content.append(f'<span class="itemDateCreated">{date}</span>')
    if body:
        content.append(f'<div class="itemFullText"><p>{body}</p></div>')
    html = (
        '<!DOCTYPE html><html lang="ru-ru"><head><meta charset="utf-8" />'
        + "".join(parts)
        + '</head><body><div id="k2Container">'
        + "".join(content)
        + "</div></body></html>"
    )
    return Page(lambda request: html.encode("utf-8"))


PARTIAL_ID = 900300
PARTIAL_TITLE = "Заметка без автора, рубрики и тегов"
PARTIAL_BODY = "В заметке есть только заголовок, дата и текст."
PARTIAL_DATE = "Среда, 27 Ноябрь 2024 10:15"

_ERR = "newscrawl/errors/"

CASES: tuple[Case, ...] = (
    # -- transient: retried, then the article is there ---------------------------------
    Case("http_500_once", Status(500, times=1), True, article=clone(1), repeats=1),
    Case("http_502_once", Status(502, times=1), True, article=clone(2), repeats=1),
    Case(
        "http_503_retry_after",
        Status(503, retry_after=str(RETRY_AFTER), times=1),
        True,
        article=clone(3),
        repeats=1,
    ),
    Case(
        "http_429_retry_after",
        Status(429, retry_after=str(RETRY_AFTER), times=1),
        True,
        article=clone(4),
        repeats=1,
    ),
    Case("http_429_no_retry_after", Status(429, times=2), True, article=clone(5), repeats=2),
    Case(
        "http_503_retry_after_one_day",  # waits RETRY_BACKOFF_MAX, not a day
        Status(503, retry_after="86400", times=1),
        True,
        article=clone(6),
        repeats=1,
    ),
    Case("connection_reset_once", Reset(times=1), True, article=clone(7), repeats=1),
    Case("timeout_once", Hang(DOWNLOAD_TIMEOUT + 1, times=1), True, article=clone(8), repeats=1),
    Case("truncated_once", Truncate(times=1), True, article=clone(9), repeats=1),
    Case("slow_drip", Drip(chunks=8, interval=0.1), True, article=clone(10)),
    # -- permanent: retried, then counted and logged, and the crawl goes on -------------
    Case(
        "http_503_always",
        Status(503, retry_after=str(RETRY_AFTER)),
        False,
        (f"{_ERR}http_503", "retry/max_reached"),
        article=clone(11),
        repeats=2,
    ),
    Case(
        "connection_reset_always",
        Reset(),
        False,
        (f"{_ERR}connection", "retry/max_reached"),
        article=clone(12),
        repeats=2,
    ),
    Case(
        "timeout_always",
        Hang(DOWNLOAD_TIMEOUT + 1),
        False,
        (f"{_ERR}timeout", "retry/max_reached"),
        article=clone(13),
        repeats=2,
    ),
    Case(
        "truncated_always",
        Truncate(),
        False,
        (f"{_ERR}data_loss", "retry/max_reached"),
        article=clone(14),
        repeats=2,
    ),
    # -- odd but readable pages ------------------------------------------------------------
    Case("html_as_octet_stream", Retype("application/octet-stream"), True, article=clone(15)),
    Case("malformed_html", Malform(), True, article=clone(16)),
    Case(
        "empty_200",
        Page(lambda request: b""),
        False,
        ("newscrawl/dropped/empty_page",),
        path="/tema/item/900200-empty",
        linked=True,
    ),
    # -- encodings: charset in the header, in <meta>, in both (contradicting), nowhere ------
    Case("cp1251_header_only", Recode("cp1251", header="windows-1251"), True, article=clone(21)),
    Case("cp1251_meta_only", Recode("cp1251", meta="windows-1251"), True, article=clone(22)),
    Case(
        "cp1251_header_beats_meta",
        Recode("cp1251", header="windows-1251", meta="koi8-r"),
        True,
        article=clone(23),
    ),
    Case(
        "cp1251_undeclared",
        Recode("cp1251"),
        True,
        ("newscrawl/encoding/undeclared/windows-1251",),
        article=clone(24),
    ),
    Case("koi8r_header_only", Recode("koi8-r", header="koi8-r"), True, article=clone(25)),
    Case("koi8r_meta_only", Recode("koi8-r", meta="koi8-r"), True, article=clone(26)),
    Case(
        "koi8r_header_beats_meta",
        Recode("koi8-r", header="koi8-r", meta="windows-1251"),
        True,
        article=clone(27),
    ),
    Case(
        "koi8r_undeclared",
        Recode("koi8-r"),
        True,
        ("newscrawl/encoding/undeclared/koi8-r",),
        article=clone(28),
    ),
    # -- redirects ---------------------------------------------------------------------------
    Case(
        "redirect_chain",
        Redirect("/r/chain-1"),
        True,
        ("newscrawl/redirect/same_page_refetched",),
        article=_hidden(31),
        path="/tema/item/900032-old-alias",
        linked=True,
    ),
    Case(
        "redirect_old_alias",
        Redirect("{base}" + _hidden(33).path),
        True,
        ("newscrawl/redirect/same_page_refetched",),
        article=_hidden(33),
        path="/tema/item/900034-old-alias",
        linked=True,
    ),
    Case(
        "redirect_loop",
        Redirect("/r/loop-a", status=302),
        False,
        (f"{_ERR}redirect_loop",),
        path="/tema/item/900035-loop",
        linked=True,
    ),
    Case(
        "redirect_loop_same_article",  # a -> b -> a ... for REDIRECT_MAX_TIMES=10 hops
        Redirect("/tema/item/900036-b", status=302),
        False,
        (f"{_ERR}redirect_limit", "newscrawl/redirect/same_page_refetched"),
        path="/tema/item/900036-a",
        linked=True,
        repeats=5,  # a is asked at hops 0, 2, 4, 6, 8, 10
    ),
    Case(
        "redirect_offsite",
        Redirect("https://evil.example/tema/item/900037-elsewhere"),
        False,
        ("newscrawl/scope/offsite/redirect",),
        path="/tema/item/900037-offsite",
        linked=True,
    ),
    Case(
        "redirect_to_file",
        Redirect("file:///etc/passwd"),
        False,
        ("newscrawl/scope/scheme/redirect",),
        path="/tema/item/900038-file",
        linked=True,
    ),
    Case(
        "redirect_to_javascript",
        Redirect("javascript:alert(document.cookie)"),
        False,
        ("newscrawl/scope/scheme/redirect",),
        path="/tema/item/900039-js",
        linked=True,
    ),
    Case(
        "redirect_to_data",
        Redirect("data:text/html,<script>alert(1)</script>"),
        False,
        ("newscrawl/scope/scheme/redirect",),
        path="/tema/item/900040-data",
        linked=True,
    ),
    # -- pages without what an article needs ------------------------------------------------
    Case(
        "no_title",
        _minimal_page(900301, None, PARTIAL_BODY, PARTIAL_DATE),
        False,
        ("newscrawl/dropped/missing_title",),
        path="/tema/item/900301-bare",
        linked=True,
    ),
    Case(
        "no_body",
        _minimal_page(900302, PARTIAL_TITLE, None, PARTIAL_DATE),
        False,
        ("newscrawl/dropped/missing_body",),
        path="/tema/item/900302-bare",
        linked=True,
    ),
    Case(
        "no_date",
        _minimal_page(900303, PARTIAL_TITLE, PARTIAL_BODY, None),
        False,
        ("newscrawl/dropped/missing_published",),
        path="/tema/item/900303-bare",
        linked=True,
    ),
    Case(
        "only_title_body_date",
        _minimal_page(PARTIAL_ID, PARTIAL_TITLE, PARTIAL_BODY, PARTIAL_DATE),
        True,
        path=f"/tema/item/{PARTIAL_ID}-bare",
        linked=True,
    ),
)

#: redirect hops that are not cases of their own (each serves one step of a case)
EXTRA_FAULTS: dict[str, Fault] = {
    "/r/chain-1": Redirect("/r/chain-2", status=302),
    "/r/chain-2": Redirect("{base}" + _hidden(31).path, status=307),
    "/r/loop-a": Redirect("/r/loop-b", status=302),
    "/r/loop-b": Redirect("/r/loop-a", status=302),
    "/tema/item/900036-b": Redirect("/tema/item/900036-a", status=302),
}

#: hostile links on the home page: (href, the counter that must record it, or None when
#: the spider has no reason to follow it at all)
HOSTILE_LINKS: tuple[tuple[str, str | None], ...] = (
    ("https://evil.example/tema/item/900050-offsite", "newscrawl/scope/offsite/link"),
    ("file:///tema/item/900051-local-file", "newscrawl/scope/scheme/link"),
    ("javascript:/tema/item/900052-script", "newscrawl/scope/scheme/link"),
    ("mailto:/tema/item/900053-mail", "newscrawl/scope/scheme/link"),
    ("file:///etc/passwd", None),
    ("javascript:void(0)", None),
    ("mailto:info@expert-kz.com", None),
    ("data:text/html;base64,PGgxPmhpPC9oMT4=", None),
    # robots.txt (Joomla's) disallows /component/: never fetched
    ("/component/item/900054-component", "newscrawl/scope/robots_disallowed"),
)


def fault_site() -> Site:
    clones = tuple({c.article.item_id: c.article for c in CASES if c.article}.values())
    return replace(DEFAULT_SITE, articles=DEFAULT_SITE.articles + clones)


def fault_table() -> dict[str, Fault]:
    table = {case.fault_path: case.fault for case in CASES if case.fault is not None}
    return {**table, **EXTRA_FAULTS}


def home_links() -> list[str]:
    return [c.fault_path for c in CASES if c.linked] + [href for href, _ in HOSTILE_LINKS]
