"""Render a synthetic site with the replica's templates into a directory of static files.

The replica renders from a whole ``Site``: the sidebar, related items and neighbours of
a page are computed over every article, which is O(N) per page and O(N²) for a site.
A page here is rendered against a *window* of the articles near it in time instead
(its section's newer and older neighbours), which gives the same furniture, the same
markup and the same page weight at O(1) per page. Listings keep the full section list
for their slice and pagination (``_ListingSite``).

Layout of the output (the servers in ``servers.py`` map URLs onto it)::

    index.html  robots.txt  sitemap.xml
    <menu>/item/<id>-<alias>          article pages, no extension, served as text/html
    _listing/<menu>/<start>.html      /<menu>?start=<start>  (0 for /<menu>)
    _listing/<menu>/feed.xml          /<menu>?format=feed&type=rss
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.synthetic import full_version, light_articles
from newscrawl.replica.feeds import FEED_LIMIT, robots_txt, rss_xml, sitemap_xml
from newscrawl.replica.item_page import render_item
from newscrawl.replica.listing import PAGE_SIZE, render_home, render_listing
from newscrawl.replica.model import MENUS, DeadLink, ReplicaArticle, Site

#: articles on each side of a page that its sidebar and related block are drawn from
WINDOW = 12
#: bump when the output changes, so a cached site of an older generator is rebuilt
GENERATOR_VERSION = 1


@dataclass(frozen=True)
class _ListingSite(Site):
    """A window of articles that answers ``listing()`` with its section's full list."""

    entries: tuple[ReplicaArticle, ...] = ()

    def listing(self, menu: str) -> list[ReplicaArticle | DeadLink]:
        return list(self.entries)


@dataclass(frozen=True)
class SiteInfo:
    """What was generated where: enough to serve it and to know what a crawl must find."""

    root: Path
    base_url: str
    articles: int
    listing_pages: int
    bytes_total: int
    seed: int
    shape: SiteShape = field(default_factory=lambda: SiteShape())

    def manifest(self) -> dict[str, object]:
        return {
            "generator": GENERATOR_VERSION,
            "base_url": self.base_url,
            "articles": self.articles,
            "listing_pages": self.listing_pages,
            "bytes_total": self.bytes_total,
            "seed": self.seed,
            **asdict(self.shape),
        }


@dataclass(frozen=True)
class SiteShape:
    """What differs from the whole site: the newest ``unpublished`` articles left out
    (the same site before they appeared), no sitemap (K2 as shipped), and article pages
    rendered only for the newest ``article_pages`` (None: all), for benchmarks that
    read listings and only a few articles."""

    unpublished: int = 0
    sitemap: bool = True
    article_pages: int | None = None


# Worker state, set once per process (by fork or the pool initializer).
_LIGHT: list[ReplicaArticle] = []
_BY_MENU: dict[str, list[ReplicaArticle]] = {}
_POSITION: dict[int, int] = {}


def _init_worker(size: int, seed: int, first: int = 0) -> None:
    global _LIGHT, _BY_MENU, _POSITION
    _LIGHT = light_articles(size, seed, first)
    _BY_MENU = {menu: [a for a in _LIGHT if a.menu == menu] for menu in MENUS}
    _POSITION = {a.item_id: n for entries in _BY_MENU.values() for n, a in enumerate(entries)}


def _window(entries: list[ReplicaArticle], position: int) -> list[ReplicaArticle]:
    return entries[max(0, position - WINDOW) : position + WINDOW + 1]


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def _render_items(job: tuple[Path, str, int, int, int]) -> int:
    """Render articles ``[lo, hi)`` of the newest-first list; returns bytes written."""
    root, base, seed, lo, hi = job
    written = 0
    for light in _LIGHT[lo:hi]:
        full = full_version(light, seed)
        section = _BY_MENU[light.menu]
        near = [a for a in _window(section, _POSITION[light.item_id]) if a is not light]
        site = Site(articles=(full, *near))
        html = render_item(
            site,
            full,
            base=base,
            request_path=full.path,
            request_url=base + full.path,
            menu=full.menu,
        )
        written += _write(root / full.path.lstrip("/"), html)
    return written


def _render_listings(job: tuple[Path, str, str, list[int]]) -> int:
    root, base, menu, starts = job
    entries = tuple(_BY_MENU[menu])
    written = 0
    for start in starts:
        page_site = _ListingSite(articles=entries[start : start + PAGE_SIZE], entries=entries)
        html = render_listing(page_site, menu, start, base)
        assert html is not None
        written += _write(root / "_listing" / menu / f"{start}.html", html)
    return written


def _chunks(total: int, parts: int) -> Iterable[tuple[int, int]]:
    step = max(1, -(-total // parts))
    for lo in range(0, total, step):
        yield lo, min(total, lo + step)


def _render_singletons(root: Path, base: str, seed: int, sitemap: bool = True) -> int:
    """Home page, feeds, robots.txt and the sitemap (in the parent process)."""
    newest = [full_version(a, seed) for a in _LIGHT[: 4 * WINDOW]]
    written = _write(root / "index.html", render_home(Site(articles=tuple(newest)), base, 0, 0))
    for menu in MENUS:
        latest = [full_version(a, seed) for a in _BY_MENU[menu][:FEED_LIMIT]]
        feed = rss_xml(Site(articles=tuple(latest)), menu, base)
        written += _write(root / "_listing" / menu / "feed.xml", feed)
    written += _write(root / "robots.txt", robots_txt(base, sitemap))
    if sitemap:
        written += _write(root / "sitemap.xml", sitemap_xml(Site(articles=tuple(_LIGHT)), base))
    return written


def generate(
    root: Path,
    size: int,
    base_url: str,
    seed: int = 1,
    workers: int = 0,
    shape: SiteShape | None = None,
) -> SiteInfo:
    """Write a ``size``-article site for ``base_url`` under ``root``; reuse a matching one.

    ``root/manifest.json`` records what was generated; when it matches the request the
    files are reused (50k pages take minutes to render), otherwise they are rewritten.
    """
    shape = shape or SiteShape()
    manifest = root / "manifest.json"
    if manifest.exists():
        old = json.loads(manifest.read_text())
        wanted = {"generator": GENERATOR_VERSION, "base_url": base_url, "articles": size}
        wanted.update(seed=seed, **asdict(shape))
        if all(old.get(key, SiteShape.__dict__.get(key)) == v for key, v in wanted.items()):
            pages, total = old["listing_pages"], old["bytes_total"]
            return SiteInfo(root, base_url, size, pages, total, seed, shape)
        manifest.unlink()
    workers = workers or os.cpu_count() or 1
    _init_worker(size, seed, shape.unpublished)
    rendered = size if shape.article_pages is None else min(size, shape.article_pages)
    listing_jobs = [
        (root, base_url, menu, list(range(0, len(entries), PAGE_SIZE)[lo:hi]))
        for menu, entries in _BY_MENU.items()
        for lo, hi in _chunks(-(-len(entries) // PAGE_SIZE), workers)
    ]
    item_jobs = [(root, base_url, seed, lo, hi) for lo, hi in _chunks(rendered, workers * 8)]
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:  # fork: workers inherit the article list
        written = sum(pool.map(_render_items, item_jobs))
        written += sum(pool.map(_render_listings, listing_jobs))
    written += _render_singletons(root, base_url, seed, shape.sitemap)
    pages = sum(len(job[3]) for job in listing_jobs)
    info = SiteInfo(root, base_url, size, pages, written, seed, shape)
    manifest.write_text(json.dumps(info.manifest(), indent=2))
    return info
