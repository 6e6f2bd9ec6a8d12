"""Data model of the replica site: frozen dataclasses that are the source of truth.

Each ReplicaArticle stores the CLEAN values a correct crawler must output; the rendering
flags say which real-site artifacts its HTML carries. Because everything is frozen, a test
that wants an edited site builds a new Site with `site.with_article(id, title=...)`
instead of mutating shared state, and hands it to the server (`server.site = new_site`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from newscrawl.replica.textutil import iso_local, make_alias

MENUS: dict[str, str] = {"tema": "Темы", "novosti": "Новости", "kz": "Қазақша"}
"""Joomla menu aliases that are K2 itemlists, with their menu titles."""

UTM_QUERY = "utm_source=telegram&utm_medium=social&utm_campaign=expertkz"
PROMO_LINE = (
    "Подписывайтесь на наш Telegram-канал, чтобы первыми узнавать главные новости "
    "Казахстана: t.me/expertkz"
)
"""What the CMS appends to the full text of every Russian article (site furniture)."""
SOURCE = "expert-kz.com"


@dataclass(frozen=True)
class Category:
    """A K2 category; its name is the feed's `section`."""

    id: int
    alias: str
    name: str


@dataclass(frozen=True)
class ReplicaArticle:
    """One K2 item: clean expected values plus flags for the artifacts its HTML gets.

    `link_query` and `cross_linked` are additions to the brief's fields: `link_query` is
    appended to every link to this article on the home page and listings (the utm case),
    and `cross_linked=False` keeps the article out of related/digest/on-top/navigation and
    home blocks so that its only discovery path is the one its case intends.
    `noise` holds explicit (clean, raw-html) substitutions used when noisy_text is set
    (the seed's exact artifacts); with noisy_text and no `noise`, a deterministic default
    noise (soft hyphens, &nbsp;, space before punctuation) is applied.
    Text the page carries and the feed must not (so never in `paragraphs`):
    `title_echo` starts the body with the title in bold; `page_only` holds
    (index, text) pairs, each inserted after clean paragraph `index` in the full text
    (a near-duplicate, a "Читайте также" promo); and every Russian article's full text
    ends with PROMO_LINE, as the live CMS appends it.
    """

    item_id: int
    alias: str
    menu: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime
    author: str
    category: Category
    tags: tuple[str, ...] = ()
    modified: datetime | None = None
    image_caption: str | None = None
    intro_count: int = 1
    language: str = "ru"
    listed: bool = True
    in_sitemap: bool = True
    in_rss: bool = True
    encoding: str = "utf-8"
    paragraph_markup: str = "p"
    noisy_text: bool = False
    noise: tuple[tuple[str, str], ...] = ()
    repeat_lead_at_end: bool = False
    has_jsonld: bool = True
    link_query: str = ""
    cross_linked: bool = True
    hits: int = 0
    title_echo: bool = False
    page_only: tuple[tuple[int, str], ...] = ()

    def __post_init__(self) -> None:
        if self.menu not in MENUS:
            raise ValueError(f"unknown menu {self.menu!r}")
        if self.paragraph_markup not in ("p", "br"):
            raise ValueError("paragraph_markup must be 'p' or 'br'")
        if not self.paragraphs:
            raise ValueError("an article needs at least one paragraph")
        if any(i < self.intro_count - 1 for i, _ in self.page_only):
            raise ValueError("page_only paragraphs go into the full text, after the intro")

    @property
    def path(self) -> str:
        """Canonical path: /<menu>/item/<id>-<alias> (default K2 router)."""
        return item_path(self.menu, self.item_id, self.alias)

    @property
    def lead(self) -> str:
        return self.paragraphs[0]

    @property
    def has_promo(self) -> bool:
        return self.language == "ru"

    @property
    def has_image(self) -> bool:
        return self.image_caption is not None

    @property
    def html_lang(self) -> str:
        return "kk-kz" if self.language == "kk" else "ru-ru"

    @property
    def hit_count(self) -> int:
        """Shown in span.itemHits; derived from the id when not set explicitly."""
        return self.hits or 150 + (self.item_id * 7919) % 4800


@dataclass(frozen=True)
class DeadLink:
    """A listing entry whose item page is gone (404): K2 list cache outliving the item."""

    item_id: int
    alias: str
    menu: str
    title: str
    published: datetime
    intro: str
    author: str = "Редакция"

    @property
    def path(self) -> str:
        return item_path(self.menu, self.item_id, self.alias)


@dataclass(frozen=True)
class Site:
    """The whole replica: articles plus dead listing links. Immutable; edit via copies."""

    articles: tuple[ReplicaArticle, ...]
    dead_links: tuple[DeadLink, ...] = ()
    name: str = "Эксперт KZ"
    oldest_first: bool = False
    """Sitemap and RSS list oldest first (to crawl in another order; listings unchanged)."""
    sitemap: bool = True
    """False: no sitemap at all, as K2 ships none (robots.txt names none, /sitemap.xml 404)."""
    renamed_classes: bool = False
    """True: item pages as after a redesign, K2's item classes renamed (replica.redesign)."""
    _by_id: dict[int, ReplicaArticle] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {a.item_id: a for a in self.articles}
        if len(by_id) != len(self.articles):
            raise ValueError("duplicate item_id in site articles")
        if any(d.item_id in by_id for d in self.dead_links):
            raise ValueError("a dead link reuses a live item_id")
        object.__setattr__(self, "_by_id", by_id)

    def get(self, item_id: int) -> ReplicaArticle | None:
        return self._by_id.get(item_id)

    def article(self, item_id: int) -> ReplicaArticle:
        """The article with this id; KeyError if there is none."""
        return self._by_id[item_id]

    def with_article(self, item_id: int, **changes: Any) -> Site:
        """A copy of the site with one article changed via dataclasses.replace."""
        new = replace(self.article(item_id), **changes)
        return replace(
            self, articles=tuple(new if a.item_id == item_id else a for a in self.articles)
        )

    def without_article(self, item_id: int) -> Site:
        """A copy of the site with one article removed (its URLs then 404)."""
        self.article(item_id)
        return replace(self, articles=tuple(a for a in self.articles if a.item_id != item_id))

    def newest_first(self, articles: list[ReplicaArticle] | None = None) -> list[ReplicaArticle]:
        pool = list(self.articles) if articles is None else articles
        return sorted(pool, key=lambda a: (a.published, a.item_id), reverse=True)

    def listing(self, menu: str) -> list[ReplicaArticle | DeadLink]:
        """Entries of a section listing, newest first (dead links included)."""
        entries: list[ReplicaArticle | DeadLink] = [
            a for a in self.articles if a.menu == menu and a.listed
        ]
        entries.extend(d for d in self.dead_links if d.menu == menu)
        return sorted(entries, key=lambda e: (e.published, e.item_id), reverse=True)

    def cross_linkable(self) -> list[ReplicaArticle]:
        """Articles that related/digest/on-top/navigation/home blocks may link to."""
        return self.newest_first([a for a in self.articles if a.cross_linked])


def item_path(menu: str, item_id: int, alias: str) -> str:
    return f"/{menu}/item/{item_id}-{alias}"


def image_hash(item_id: int) -> str:
    """K2 names item images md5("Image" + id); for 193315 that is 321d94f8...."""
    return hashlib.md5(f"Image{item_id}".encode()).hexdigest()


def image_path(item_id: int, size: str) -> str:
    """/media/k2/items/cache/<md5>_<size>.jpg; sizes XS S M L XL Generic, no ?t= stamp."""
    return f"/media/k2/items/cache/{image_hash(item_id)}_{size}.jpg"


def user_ref(author: str) -> tuple[int, str]:
    """K2 user id and alias for an author link (/tema/itemlist/user/<id>-<alias>)."""
    known = {"Редакция": 62}
    uid = known.get(author) or 63 + int(hashlib.md5(author.encode()).hexdigest(), 16) % 40
    return uid, make_alias(author)


def expected_record(article: ReplicaArticle, base_url: str) -> dict[str, Any]:
    """The feed record a correct crawler must emit for this article.

    url is the canonical URL (never a utm/print/cross-menu variant), body is the clean
    paragraph list (lead included once, the seed's repeated lead NOT included), dates are
    ISO 8601 with the Almaty offset of that date (+06:00 before 2024-03-01, +05:00 after).
    """
    base = base_url.rstrip("/")
    images: list[dict[str, str | None]] = []
    if article.has_image:
        images.append(
            {"url": base + image_path(article.item_id, "L"), "caption": article.image_caption}
        )
    return {
        "url": base + article.path,
        "article_id": str(article.item_id),
        "source": SOURCE,
        "title": article.title,
        "body": list(article.paragraphs),
        "summary": article.lead,
        "published": iso_local(article.published),
        "modified": iso_local(article.modified) if article.modified else None,
        "authors": [article.author],
        "section": article.category.name,
        "tags": list(article.tags),
        "images": images,
        "language": article.language,
    }


def expected_records(site: Site, base_url: str) -> list[dict[str, Any]]:
    """Expected feed for a whole site: one record per article, sorted by numeric id."""
    return [expected_record(a, base_url) for a in sorted(site.articles, key=lambda a: a.item_id)]
