"""Offline tests of the expert-kz.com replica: a real server on 127.0.0.1, fetched with urllib.

They pin down the properties the crawler's end-to-end tests rely on: every case in CASES is
rendered as documented, the raw HTML's artifacts reduce to the clean expected values, and
each hidden article is reachable only through its intended path.
"""

from __future__ import annotations

import html
import json
import re
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import parsel
import pytest

from newscrawl.replica.content import (
    CASES,
    DEFAULT_SITE,
    ReplicaArticle,
    expected_record,
    expected_records,
)
from newscrawl.replica.model import PROMO_LINE
from newscrawl.replica.server import ReplicaServer
from newscrawl.replica.textutil import k2_date

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def server() -> Iterator[ReplicaServer]:
    with ReplicaServer() as srv:
        yield srv


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def page(server: ReplicaServer, path: str) -> parsel.Selector:
    status, _, body = fetch(server.base_url + path)
    assert status == 200, path
    return parsel.Selector(body.decode("utf-8"))


def norm(text: str) -> str:
    """What a crawler's normalisation must do: nbsp/shy out, single spaces, no space before
    punctuation."""
    text = html.unescape(text).replace("\u00ad", "").replace("\xa0", " ")
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ([,.;:!?])", r"\1", text)


def body_paragraphs(sel: parsel.Selector) -> list[str]:
    """Paragraphs of itemIntroText + itemFullText, split on <p> or <br /><br />."""
    out: list[str] = []
    for div in sel.css("div.itemIntroText, div.itemFullText"):
        inner = "".join(div.xpath("node()").getall())
        for chunk in re.split(r"</p>|<br\s*/?>\s*<br\s*/?>", inner):
            text = norm(re.sub(r"<[^>]+>", "", chunk))
            if text:
                out.append(text)
    return out


def test_robots_has_sitemap_and_disallows(server: ReplicaServer) -> None:
    status, headers, body = fetch(server.base_url + "/robots.txt")
    text = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in text
    assert "Disallow: /component/" in text and "Disallow: /administrator/" in text
    assert f"Sitemap: {server.base_url}/sitemap.xml" in text.splitlines()


def test_sitemap_lists_exactly_the_sitemap_articles(server: ReplicaServer) -> None:
    status, _, body = fetch(server.base_url + "/sitemap.xml")
    assert status == 200
    root = ET.fromstring(body)
    entries = {
        u.findtext(f"{SITEMAP_NS}loc"): u.findtext(f"{SITEMAP_NS}lastmod")
        for u in root.iter(f"{SITEMAP_NS}url")
    }
    wanted = {server.base_url + a.path: a for a in DEFAULT_SITE.articles if a.in_sitemap}
    assert set(entries) == set(wanted)
    assert len(wanted) >= 25
    for loc, lastmod in entries.items():
        assert loc is not None
        art = wanted[loc]
        expected = expected_record(art, server.base_url)
        assert lastmod == (expected["modified"] or expected["published"])
    assert server.base_url + DEFAULT_SITE.article(CASES["sitemap_only"]).path in entries
    assert server.base_url + DEFAULT_SITE.article(CASES["page2_only"]).path not in entries


@pytest.mark.parametrize("menu", ["tema", "novosti", "kz"])
def test_rss_parses_and_links_canonical_items(server: ReplicaServer, menu: str) -> None:
    status, headers, body = fetch(f"{server.base_url}/{menu}?format=feed&type=rss")
    assert status == 200 and "rss" in headers["Content-Type"]
    channel = ET.fromstring(body).find("channel")
    assert channel is not None
    links = [item.findtext("link") for item in channel.iter("item")]
    pool = DEFAULT_SITE.newest_first(
        [a for a in DEFAULT_SITE.articles if a.menu == menu and a.in_rss]
    )[:10]
    assert links == [server.base_url + a.path for a in pool]
    titles = [item.findtext("title") for item in channel.iter("item")]
    assert titles == [a.title for a in pool]


def test_tema_listing_has_page_two(server: ReplicaServer) -> None:
    first = page(server, "/tema")
    assert len(first.css("div.itemContainer > div.catItemView")) == 14
    assert first.css("div.k2PaginationCounter::text").get() == "Страница 1 из 2"
    nxt = first.css("li.pagination-next > a")
    assert nxt.attrib["href"] == "/tema?start=14" and nxt.css("::text").get() == "Вперёд"
    assert (
        first.css('link[rel=alternate][type="application/rss+xml"]::attr(href)').get()
        == "/tema?format=feed&type=rss"
    )
    second = page(server, "/tema?start=14")
    hrefs = second.css("h3.catItemTitle a::attr(href)").getall()
    hidden = DEFAULT_SITE.article(CASES["page2_only"])
    assert hidden.path in hrefs
    assert hidden.path not in first.css("a::attr(href)").getall()
    assert second.css("li.pagination-next > a").get() is None
    assert fetch(server.base_url + "/tema?start=28")[0] == 404


def test_listing_dates_use_k2_format(server: ReplicaServer) -> None:
    sel = page(server, "/novosti")
    dates = [d.strip() for d in sel.css("span.catItemDateCreated::text").getall()]
    assert dates and all(re.fullmatch(r"\w+, \d\d \w+ \d{4} \d\d:\d\d", d) for d in dates)
    dead = next(d for d in DEFAULT_SITE.dead_links)
    assert dead.path in sel.css("a::attr(href)").getall()
    assert fetch(server.base_url + dead.path)[0] == 404


@pytest.mark.parametrize("article", DEFAULT_SITE.articles, ids=lambda a: str(a.item_id))
def test_item_page(server: ReplicaServer, article: ReplicaArticle) -> None:
    status, _, body = fetch(server.base_url + article.path)
    assert status == 200
    sel = parsel.Selector(body.decode(article.encoding))
    assert html.unescape(sel.css("h2.itemTitle::text").get("").strip()) == article.title
    assert sel.css("link[rel=canonical]::attr(href)").get() == article.path
    assert sel.css("span.itemDateCreated::text").get("").strip() == k2_date(article.published)
    assert sel.xpath("/html/@lang").get() == article.html_lang
    on_page = list(article.paragraphs)  # the clean text plus what the page adds to it:
    for index, text in sorted(article.page_only, reverse=True):
        on_page.insert(index + 1, text)
    if article.title_echo:
        on_page.insert(0, article.title)
    if article.repeat_lead_at_end:
        on_page.append(article.lead)
    if article.has_promo:
        on_page.append(PROMO_LINE)
    assert body_paragraphs(sel) == on_page
    caption = sel.css("span.itemImageCaption::text").get()
    assert caption == article.image_caption
    assert sel.css("ul.itemTags a::text").getall() == list(article.tags)
    assert len(sel.css("div.itemRelated a.itemRelTitle")) == 5
    jsonld = sel.css('script[type="application/ld+json"]::text').get()
    if article.has_jsonld:
        assert jsonld is not None
        data = json.loads(jsonld)
        rec = expected_record(article, server.base_url)
        assert data["datePublished"] == rec["published"]
        assert data["dateModified"] == (rec["modified"] or rec["published"])
        assert html.unescape(data["headline"]) == article.title
    else:
        assert jsonld is None
    modified = sel.css("span.itemDateModified::text").get()
    assert (modified is not None) == (article.modified is not None)


def test_seed_article_exact(server: ReplicaServer) -> None:
    seed = DEFAULT_SITE.article(CASES["seed"])
    assert seed.path == (
        "/tema/item/193315-almaty-mozhet-poluchit-status-vsemirnogo-goroda-remeslennikov"
    )
    status, _, body = fetch(server.base_url + seed.path)
    assert status == 200
    text = body.decode()
    assert "ремесленничества , укрепления" in text and "художников ." in text
    assert "Среда, 27 Ноябрь 2024 10:15" in text
    assert "321d94f8cd59b3ca05d5be66566aa78a_L.jpg" in text
    sel = parsel.Selector(text)
    assert sel.css("div.itemRelated h3::text").get() == "Похожее"
    assert sel.css("li.active span[itemprop=name]::text").get() == seed.title
    full = sel.css("div.itemFullText p::text").getall()
    assert len(full) == 8 and full[-2] == seed.lead and full[-1] == PROMO_LINE
    assert 'content="Алматы может получить статус &amp;quot;' in text
    for block in (
        "ЗАЧЕМ МЫ ДЕЛАЕМ Эксперт KZ",
        "КОМАНДА Эксперт KZ:",
        "XDS Astana Team",
        "Эксперт KZ основали в 2011&nbsp; году",
    ):
        assert block in text
    rec = expected_record(seed, server.base_url)
    assert rec["published"] == "2024-11-27T10:15:00+05:00" and rec["modified"] is None
    assert (
        rec["body"][1] == "Они обсудили перспективы развития ремесленничества, укрепления "
        "сотрудничества между странами."
    )
    assert rec["images"] == [
        {
            "url": server.base_url + "/media/k2/items/cache/321d94f8cd59b3ca05d5be66566aa78a_L.jpg",
            "caption": "Фото: пресс-служба акимата Алматы",
        }
    ]


def test_case_markup(server: ReplicaServer) -> None:
    intro_only = page(server, DEFAULT_SITE.article(CASES["intro_only"]).path)
    assert intro_only.css("div.itemIntroText").get() is None
    assert intro_only.css("div.itemFullText p")
    br_path = DEFAULT_SITE.article(CASES["br_paragraphs"]).path
    assert not page(server, br_path).css("div.itemFullText p")
    assert b"<br /><br />" in fetch(server.base_url + br_path)[2]
    noisy = fetch(server.base_url + DEFAULT_SITE.article(CASES["noisy_text"]).path)[2].decode()
    assert "&nbsp;" in noisy and "&shy;" in noisy and re.search(r"\w ,", noisy)
    quoted = fetch(server.base_url + DEFAULT_SITE.article(CASES["quoted_title"]).path)[2]
    assert "&amp;quot;Казахстан темир жолы&amp;quot;" in quoted.decode()
    kazakh = DEFAULT_SITE.article(CASES["kazakh"])
    assert set("әғқңөұүһі") <= set(" ".join(kazakh.paragraphs)) and kazakh.language == "kk"
    old = expected_record(DEFAULT_SITE.article(CASES["before_march_2024"]), "http://x")
    assert old["published"].endswith("+06:00")


def test_cp1251_page_has_charset_only_in_meta(server: ReplicaServer) -> None:
    article = DEFAULT_SITE.article(CASES["windows_1251"])
    status, headers, body = fetch(server.base_url + article.path)
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    text = body.decode("cp1251")
    assert 'content="text/html; charset=windows-1251"' in text
    assert article.title in text
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_variants_share_the_canonical(server: ReplicaServer) -> None:
    seed = DEFAULT_SITE.article(CASES["seed"])
    for path in (
        f"/novosti/item/{seed.item_id}-{seed.alias}",
        f"/tema/item/{seed.item_id}",
        seed.path + "?utm_source=x&utm_medium=y",
        seed.path + "?tmpl=component&print=1",
    ):
        sel = page(server, path)
        assert sel.css("link[rel=canonical]::attr(href)").get() == seed.path, path
    printed = page(server, seed.path + "?tmpl=component&print=1")
    assert printed.css("a.itemPrintThisPage") and not printed.css("aside")


def test_unknown_paths_404(server: ReplicaServer) -> None:
    for path in ("/no-such-page", "/tema/item/999999-nothing", "/reklama", "/foo/item/193315"):
        status, _, body = fetch(server.base_url + path)
        assert status == 404 and "404" in body.decode(), path
    assert fetch(server.base_url + "/kontakty")[0] == 200


def _crawl_html(server: ReplicaServer) -> dict[str, set[str]]:
    """BFS over same-host HTML links from the home page; returns href -> pages linking it."""
    seen: dict[str, set[str]] = {}
    queue, visited = ["/"], set()
    while queue:
        target = queue.pop()
        if target in visited:
            continue
        visited.add(target)
        status, headers, body = fetch(server.base_url + target)
        if status != 200 or not headers.get("Content-Type", "").startswith("text/html"):
            continue
        sel = parsel.Selector(body.decode("utf-8", errors="replace"))
        for href in sel.css("a::attr(href)").getall():
            parts = urlsplit(urljoin(server.base_url + target, href))
            if parts.netloc != urlsplit(server.base_url).netloc:
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            seen.setdefault(link, set()).add(target)
            if (
                "/itemlist/" not in parts.path
                and "format=feed" not in parts.query
                and not parts.path.startswith("/component/")
            ):
                queue.append(link)
    return seen


def _item_id(link: str) -> int | None:
    match = re.match(r"/\w+/item/(\d+)", link)
    return int(match.group(1)) if match else None


def test_hidden_articles_have_only_their_path(server: ReplicaServer) -> None:
    links = _crawl_html(server)
    by_id: dict[int, set[str]] = {}
    for link, sources in links.items():
        item_id = _item_id(link)
        if item_id is not None and any(_item_id(src) != item_id for src in sources):
            by_id.setdefault(item_id, set()).add(link)  # self-links (print, top) ignored
    assert CASES["sitemap_only"] not in by_id
    page2 = DEFAULT_SITE.article(CASES["page2_only"])
    assert by_id[page2.item_id] == {page2.path}
    assert {s for s in links[page2.path] if _item_id(s) != page2.item_id} == {"/tema?start=14"}
    utm = by_id[CASES["utm_only"]]
    assert utm and all("utm_source=" in link for link in utm)
    assert "/" in set().union(*(links[link] for link in utm))
    reachable = {a.item_id for a in DEFAULT_SITE.articles} - {CASES["sitemap_only"]}
    assert reachable <= set(by_id)


def test_max_in_flight_counts_concurrency() -> None:
    with ReplicaServer(delay=0.3) as srv:
        threads = [
            threading.Thread(target=fetch, args=(srv.base_url + "/robots.txt",)) for _ in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert srv.max_in_flight > 1
        assert srv.requests.count(("GET", "/robots.txt")) == 4
        srv.reset_stats()
        assert srv.requests == [] and srv.max_in_flight == 0


def test_edited_site_is_served_after_swap(server: ReplicaServer) -> None:
    seed_id = CASES["seed"]
    original = server.site
    edited = original.with_article(
        seed_id, title="Новый заголовок", modified=datetime(2024, 12, 1, 9, 0)
    )
    assert original.article(seed_id).title != "Новый заголовок"
    server.site = edited
    try:
        sel = page(server, edited.article(seed_id).path)
        assert sel.css("h2.itemTitle::text").get("").strip() == "Новый заголовок"
        assert sel.css("span.itemDateModified::text").get() is not None
    finally:
        server.site = original


def test_expected_records_shape() -> None:
    records = expected_records(DEFAULT_SITE, "http://127.0.0.1:1")
    assert len(records) == len(DEFAULT_SITE.articles) >= 25
    keys = {
        "url",
        "article_id",
        "source",
        "title",
        "body",
        "summary",
        "published",
        "modified",
        "authors",
        "section",
        "tags",
        "images",
        "language",
    }
    assert all(set(r) == keys for r in records)
    assert {r["language"] for r in records} == {"ru", "kk"}
    assert sum(r["language"] == "kk" for r in records) >= 3
    for rec in records:
        assert not re.search(r"\s[,.;:!?]|\xa0|\u00ad|  ", " ".join(rec["body"]))


def test_k2_date_weekdays() -> None:
    assert k2_date(datetime(2024, 11, 27, 10, 15)) == "Среда, 27 Ноябрь 2024 10:15"
    assert k2_date(datetime(2023, 3, 14, 9, 40)) == "Вторник, 14 Март 2023 09:40"
