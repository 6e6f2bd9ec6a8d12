"""K2 itemlist pages (/tema, /novosti, /kz with ?start=N), the home page and plain pages.

A listing page holds K2's default 14 items split 2 leading / 4 primary / 4 secondary /
4 links, newest first, with Joomla 3's pagination list (?start=N, the SEF form of
limitstart). The "links" group uses K2's category_item_links.php, i.e. a title only.
"""

from __future__ import annotations

from newscrawl.replica.furniture import k2_link
from newscrawl.replica.item_page import listing_intro
from newscrawl.replica.layout import PageSpec, menu_title, render_page
from newscrawl.replica.model import DeadLink, ReplicaArticle, Site, image_path, user_ref
from newscrawl.replica.textutil import k2_date, php_escape, text_escape

PAGE_SIZE = 14
GROUPS: tuple[tuple[str, str, int, str, str], ...] = (
    # (container id, group class, count, width, image size)
    ("itemListLeading", "groupLeading", 2, "100.0%", "L"),
    ("itemListPrimary", "groupPrimary", 4, "50.0%", "M"),
    ("itemListSecondary", "groupSecondary", 4, "100.0%", "S"),
    ("itemListLinks", "groupLinks", 4, "100.0%", "XS"),
)
Entry = ReplicaArticle | DeadLink


def feed_href(menu: str) -> str:
    return f"/{menu}?format=feed&amp;type=rss"


def _href(entry: Entry) -> str:
    return k2_link(entry) if isinstance(entry, ReplicaArticle) else entry.path


def _cat_item(entry: Entry, group: str, img_size: str) -> str:
    """category_item.php for one entry (dead links render like the item they once were)."""
    href = php_escape(_href(entry))
    title = php_escape(entry.title)
    if group == "groupLinks":
        return (
            f'<div class="catItemView groupLinks">\n<h3 class="catItemTitle">'
            f'<a href="{href}">{title}</a></h3>\n</div>'
        )
    uid, ualias = user_ref(entry.author)
    image = intro = links = ""
    if isinstance(entry, ReplicaArticle):
        intro = listing_intro(entry)
        if entry.has_image:
            image = (
                f'<div class="catItemImageBlock"><span class="catItemImage">'
                f'<a href="{href}" title="{title}"><img src="'
                f'{image_path(entry.item_id, img_size)}" alt="{php_escape(title)}" '
                f'style="width:600px; height:auto;" /></a></span>'
                f'<div class="clr"></div></div>\n'
            )
        cat = entry.category
        links = (
            f'<div class="catItemLinks">\n<div class="catItemCategory"><span>Опубликовано в'
            f'</span> <a href="/{entry.menu}/itemlist/category/{cat.id}-{cat.alias}">'
            f'{php_escape(cat.name)}</a></div>\n<div class="clr"></div>\n</div>\n'
        )
    else:
        intro = f"<p>{text_escape(entry.intro)}</p>"
    return f"""<div class="catItemView {group}">
<div class="catItemHeader">
<span class="catItemDateCreated">
{k2_date(entry.published)}
</span>
<h3 class="catItemTitle">
<a href="{href}">{title}</a>
</h3>
<span class="catItemAuthor">
Автор <a rel="author" href="/{entry.menu}/itemlist/user/{uid}-{ualias}">{php_escape(entry.author)}</a>
</span>
</div>
<div class="catItemBody">
{image}<div class="catItemIntroText">
{intro}
</div>
<div class="clr"></div>
</div>
{links}<div class="clr"></div>
<div class="catItemReadMore">
<a class="k2ReadMore" href="{href}">Подробнее ...</a>
</div>
<div class="clr"></div>
</div>"""  # noqa: E501


def _groups(entries: list[Entry]) -> str:
    out, pos = [], 0
    for box, group, count, width, size in GROUPS:
        chunk = entries[pos : pos + count]
        pos += count
        if not chunk:
            continue
        items = "\n".join(
            f'<div class="itemContainer{" itemContainerLast" if n == len(chunk) - 1 else ""}"'
            f' style="width:{width};">\n<!-- Start K2 Item Layout -->\n'
            f"{_cat_item(e, group, size)}\n<!-- End K2 Item Layout -->\n</div>"
            for n, e in enumerate(chunk)
        )
        head = "<h4>Подробнее ...</h4>\n" if group == "groupLinks" else ""
        out.append(f'<div id="{box}">\n{head}{items}\n<div class="clr"></div>\n</div>')
    return "\n".join(out)


def _page_href(menu: str, start: int) -> str:
    return f"/{menu}" if start == 0 else f"/{menu}?start={start}"


#: Joomla 3's JPagination shows at most this many page numbers, around the current one
DISPLAYED_PAGES = 10


def displayed_pages(current: int, pages: int) -> range:
    """The page numbers JPagination lists: a window of DISPLAYED_PAGES around ``current``.

    Mirrors libraries/src/Pagination/Pagination.php (pagesStart/pagesStop), so a
    section of thousands of items has a dozen pagination links, not thousands.
    """
    start = max(1, current - DISPLAYED_PAGES // 2)
    if start + DISPLAYED_PAGES > pages:
        return range(max(1, pages - DISPLAYED_PAGES + 1), pages + 1)
    return range(start, start + DISPLAYED_PAGES)


def pagination(menu: str, start: int, total: int) -> str:
    """Joomla 3 layouts/joomla/pagination/{list,link}.php inside K2's k2Pagination div."""
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    if pages <= 1:
        return ""
    current = start // PAGE_SIZE + 1
    last = (pages - 1) * PAGE_SIZE

    def nav(cls: str, label: str, target: int | None) -> str:
        if target is None:
            return f'<li class="{cls}"><span class="pagenav">{label}</span></li>'
        return (
            f'<li class="{cls}"><a title="{label}" href="{_page_href(menu, target)}" '
            f'class="hasTooltip pagenav">{label}</a></li>'
        )

    first = current == 1
    final = current == pages
    items = [
        nav("pagination-start", "В начало", None if first else 0),
        nav("pagination-prev", "Назад", None if first else start - PAGE_SIZE),
    ]
    for page in displayed_pages(current, pages):
        if page == current:
            items.append(f'<li><span class="pagenav">{page}</span></li>')
        else:
            items.append(
                f'<li><a href="{_page_href(menu, (page - 1) * PAGE_SIZE)}" '
                f'class="pagenav">{page}</a></li>'
            )
    items += [
        nav("pagination-next", "Вперёд", None if final else start + PAGE_SIZE),
        nav("pagination-end", "В конец", None if final else last),
    ]
    return (
        '<div class="k2Pagination">\n<div class="k2PaginationLinks">\n<ul>\n'
        + "\n".join(items)
        + "\n</ul>\n</div>\n"
        f'<div class="k2PaginationCounter">Страница {current} из {pages}</div>\n'
        '<div class="clr"></div>\n</div>'
    )


def render_listing(site: Site, menu: str, start: int, base: str) -> str | None:
    """A section listing page, or None when `start` is past the end (router answers 404)."""
    entries = site.listing(menu)
    if start < 0 or (start >= len(entries) and start > 0):
        return None
    title = menu_title(menu)
    feed = feed_href(menu)
    content = f"""<!-- Start K2 Category Layout -->
<div id="k2Container" class="itemListView">
<div class="k2FeedIcon">
<a href="{feed}" title="Подписаться на этот канал RSS"><span>Подписаться на этот канал RSS</span></a>
<div class="clr"></div>
</div>
<div class="itemList">
{_groups(entries[start : start + PAGE_SIZE])}
</div>
{pagination(menu, start, len(entries))}
</div>
<!-- End K2 Category Layout -->"""  # noqa: E501
    spec = PageSpec(
        title=title,
        base_href=base + f"/{menu}",
        body_class="site com_k2 view-itemlist no-layout task-category",
        content=content,
        active=f"/{menu}",
        lang="kk-kz" if menu == "kz" else "ru-ru",
        links=(
            f'<link href="{feed}" rel="alternate" type="application/rss+xml" '
            f'title="{title} | Лента" />',
            f'<link href="{feed}" rel="alternate" type="application/rss+xml" title="RSS 2.0" />',
        ),
        crumbs=(("/", "Главная"), (None, title)),
    )
    return render_page(site, spec)


def _block(title: str, links: list[tuple[str, str]]) -> str:
    lis = "\n".join(
        f'<li class="{"even" if n % 2 == 0 else "odd"}">\n<a class="moduleItemTitle" '
        f'href="{php_escape(href)}">{php_escape(text)}</a>\n<div class="clr"></div>\n</li>'
        for n, (href, text) in enumerate(links)
    )
    return (
        f'<div class="moduletable"><h3>{title}</h3>\n<div class="k2ItemsBlock">\n<ul>\n'
        f'{lis}\n<li class="clearList"></li>\n</ul>\n</div>\n</div>'
    )


def render_home(site: Site, base: str, utm_id: int, fragment_id: int) -> str:
    """Home page: per-section mod_k2_content blocks plus "Выбор редакции", which links the
    utm article with its campaign parameters and another article with a #fragment."""
    blocks = []
    for menu, count in (("tema", 5), ("novosti", 4), ("kz", 3)):
        pool = [a for a in site.cross_linkable() if a.menu == menu][:count]
        blocks.append(_block(menu_title(menu), [(k2_link(a), a.title) for a in pool]))
    picks: list[tuple[str, str]] = []
    utm = site.get(utm_id)
    if utm is not None:
        picks.append((k2_link(utm), utm.title))
    frag = site.get(fragment_id)
    if frag is not None:
        picks.append((f"{k2_link(frag)}#startOfPageId{frag.item_id}", frag.title))
    if picks:
        blocks.insert(0, _block("Выбор редакции", picks))
    spec = PageSpec(
        title="Эксперт KZ – новости Казахстана",
        base_href=base + "/",
        body_class="site com_k2 view-itemlist no-layout no-task",
        content='<div class="home-modules">\n' + "\n".join(blocks) + "\n</div>",
        metas=(
            '<meta name="description" content="Эксперт KZ – независимое издание '
            'новостного формата об общественных тенденциях и политике" />',
        ),
        links=(
            f'<link href="{feed_href("tema")}" rel="alternate" '
            'type="application/rss+xml" title="RSS 2.0" />',
        ),
    )
    return render_page(site, spec)


PLAIN_PAGES: dict[str, tuple[str, str]] = {
    "kontakty": (
        "Контакты",
        "<p>Адрес редакции: г. Алматы, пр. Абая, 52.</p>\n"
        "<p>Телефон: +7 (727) 000-00-00. Электронная почта: info@expert-kz.com</p>",
    ),
    "o-nas": (
        "О нас",
        "<p>«Эксперт KZ» – издание об общественных тенденциях и политике Казахстана.</p>",
    ),
}


def render_plain(site: Site, alias: str, base: str) -> str | None:
    """A com_content page (not K2: no div#k2Container), e.g. /kontakty."""
    if alias not in PLAIN_PAGES:
        return None
    title, text = PLAIN_PAGES[alias]
    content = (
        f'<div class="item-page" itemscope itemtype="https://schema.org/Article">\n'
        f'<div class="page-header"><h2 itemprop="headline">{title}</h2></div>\n'
        f'<div itemprop="articleBody">\n{text}\n</div>\n</div>'
    )
    spec = PageSpec(
        title=title,
        base_href=f"{base}/{alias}",
        body_class="site com_content view-article no-layout no-task",
        content=content,
        active=f"/{alias}",
        crumbs=(("/", "Главная"), (None, title)),
    )
    return render_page(site, spec)
