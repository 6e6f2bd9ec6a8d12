"""Machine-readable entry points: robots.txt, sitemap.xml and the K2 RSS feeds.

Joomla/K2 have no built-in sitemap; the replica serves /sitemap.xml (announced in
robots.txt) as an OSMap-like plain urlset of articles. RSS follows Joomla's RSS renderer as
K2 feeds it: absolute <link>, guid = link, CDATA description with K2Feed* divs.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from newscrawl.replica.item_page import intro_and_full
from newscrawl.replica.layout import menu_title
from newscrawl.replica.model import ReplicaArticle, Site, image_path
from newscrawl.replica.textutil import iso_local, php_escape, rfc822

FEED_LIMIT = 10
SITE_DESCRIPTION = (
    "Эксперт KZ – независимое издание новостного формата об общественных тенденциях и политике"
)


def robots_txt(base: str, sitemap: bool = True) -> str:
    """Joomla 3's stock robots.txt plus the Sitemap line (when there is a sitemap)."""
    disallow = (
        "administrator",
        "bin",
        "cache",
        "cli",
        "component",
        "includes",
        "installation",
        "language",
        "layouts",
        "libraries",
        "logs",
        "modules",
        "plugins",
        "tmp",
    )
    lines = [
        "User-agent: *",
        *(f"Disallow: /{d}/" for d in disallow),
        "",
        *([f"Sitemap: {base}/sitemap.xml", ""] if sitemap else []),
    ]
    return "\n".join(lines)


def sitemap_xml(site: Site, base: str) -> str:
    """urlset of in_sitemap articles (canonical URLs), newest first, lastmod with offset."""
    urls = []
    entries = site.newest_first([a for a in site.articles if a.in_sitemap])
    for a in reversed(entries) if site.oldest_first else entries:
        urls.append(
            f"<url>\n<loc>{escape(base + a.path)}</loc>\n"
            f"<lastmod>{iso_local(a.modified or a.published)}</lastmod>\n</url>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    )


def feed_items(site: Site, menu: str) -> list[ReplicaArticle]:
    """The latest FEED_LIMIT in_rss articles of a section."""
    pool = [a for a in site.articles if a.menu == menu and a.in_rss]
    latest = site.newest_first(pool)[:FEED_LIMIT]
    return latest[::-1] if site.oldest_first else latest


def _rss_item(article: ReplicaArticle, base: str) -> str:
    intro, full = intro_and_full(article)
    link = escape(base + article.path)
    image = ""
    enclosure = ""
    if article.has_image:
        img = base + image_path(article.item_id, "S")
        image = (
            f'<div class="K2FeedImage"><img src="{img}" alt="{php_escape(article.title)}" /></div>'
        )
        enclosure = f'\n<enclosure url="{escape(img)}" length="0" type="image/jpeg" />'
    description = (
        f'{image}<div class="K2FeedIntroText">{intro or ""}</div>'
        f'<div class="K2FeedFullText">{full}</div>'
    )
    return f"""<item>
<title>{php_escape(article.title)}</title>
<link>{link}</link>
<guid isPermaLink="true">{link}</guid>
<description><![CDATA[{description}]]></description>
<author>info@expert-kz.com ({escape(article.author)})</author>
<category>{escape(article.category.name)}</category>
<pubDate>{rfc822(article.published)}</pubDate>{enclosure}
</item>"""


def rss_xml(site: Site, menu: str, base: str) -> str:
    """RSS 2.0 for /<menu>?format=feed&type=rss, as Joomla's feed renderer writes it."""
    items = feed_items(site, menu)
    build = rfc822(items[0].published) if items else ""
    language = "kk-kz" if menu == "kz" else "ru-ru"
    body = "\n".join(_rss_item(a, base) for a in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- generator="Joomla! - Open Source Content Management" -->
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{escape(menu_title(menu))}</title>
<description><![CDATA[{SITE_DESCRIPTION}]]></description>
<link>{escape(base)}/{menu}</link>
<lastBuildDate>{build}</lastBuildDate>
<generator>Joomla! - Open Source Content Management</generator>
<atom:link rel="self" type="application/rss+xml" href="{escape(base)}/{menu}?format=feed&amp;type=rss"/>
<language>{language}</language>
{body}
</channel>
</rss>
"""  # noqa: E501
