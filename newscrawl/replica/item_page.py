"""K2 item view (templates/default/item.php as trimmed in item-example.html) and its head.

The escaping here is deliberately K2's, not "correct": titles are htmlspecialchars'ed once
for h2/<title>/JSON-LD and twice for og:/twitter: metas, and descriptions are hard-cut
mid-word. A crawler must cope with exactly these artifacts.
"""

from __future__ import annotations

import hashlib
import html
import json

from newscrawl.replica.furniture import k2_link, tag_href
from newscrawl.replica.layout import PageSpec, component_page, menu_title, render_page
from newscrawl.replica.model import PROMO_LINE, ReplicaArticle, Site, image_path, user_ref
from newscrawl.replica.textutil import (
    character_limit,
    default_noise,
    iso_local,
    k2_date,
    php_escape,
    strip_tags,
    text_escape,
)


def raw_paragraphs(article: ReplicaArticle) -> list[str]:
    """Paragraph HTML as stored in K2: escaped text plus the article's noise, if any."""
    out = []
    for index, para in enumerate(article.paragraphs):
        text = text_escape(para)
        if article.noisy_text and article.noise:
            for clean, raw in article.noise:
                text = text.replace(text_escape(clean), raw)
        elif article.noisy_text:
            text = default_noise(text, index)
        out.append(text)
    return out


def _join(article: ReplicaArticle, parts: list[str]) -> str:
    if article.paragraph_markup == "br":
        return "<br /><br />".join(parts)
    return "\n".join(f"<p>{p}</p>" for p in parts)


def intro_and_full(article: ReplicaArticle) -> tuple[str | None, str]:
    """(itemIntroText html or None, itemFullText html).

    K2 stores introtext/fulltext; when fulltext is empty the item view prints the intro
    inside div.itemFullText and omits div.itemIntroText (intro_count=0 models that).
    """
    raw = raw_paragraphs(article)
    for index, text in sorted(article.page_only, reverse=True):
        raw.insert(index + 1, text_escape(text))
    if article.title_echo:
        raw.insert(0, f"<strong>{text_escape(article.title)}</strong>")
    k = article.intro_count
    intro, full = (raw[:k], raw[k:]) if k > 0 else ([], raw)
    if article.repeat_lead_at_end:
        full = [*full, text_escape(article.lead)]
    if article.has_promo:
        full = [*full, text_escape(PROMO_LINE)]
    if not full:
        intro, full = [], intro
    return (_join(article, intro) if intro else None), _join(article, full)


def listing_intro(article: ReplicaArticle) -> str:
    """K2 introtext as a category listing shows it (all text for intro-only items)."""
    raw = raw_paragraphs(article)
    return _join(article, raw[: article.intro_count] if article.intro_count > 0 else raw)


def related(site: Site, article: ReplicaArticle, limit: int = 5) -> list[ReplicaArticle]:
    """ "Похожее": items sharing most tags, then nearest in time; cross-linkable only."""
    tags = set(article.tags)
    pool = [a for a in site.cross_linkable() if a.item_id != article.item_id]
    gap = article.published

    def rank(a: ReplicaArticle) -> tuple[int, float, int]:
        return (-len(tags & set(a.tags)), abs((a.published - gap).total_seconds()), a.item_id)

    return sorted(pool, key=rank)[:limit]


def neighbours(
    site: Site, article: ReplicaArticle
) -> tuple[ReplicaArticle | None, ReplicaArticle | None]:
    """(previous = next older, next = next newer) cross-linkable item of the same category."""
    same = [
        a
        for a in site.cross_linkable()
        if a.category == article.category and a.item_id != article.item_id
    ]
    same.append(article)
    same.sort(key=lambda a: (a.published, a.item_id))
    i = same.index(article)
    return (same[i - 1] if i > 0 else None), (same[i + 1] if i + 1 < len(same) else None)


def _plain(text: str) -> str:
    """Entity-decoded text without soft hyphens (what K2's JSON-LD articleBody carries)."""
    return " ".join(html.unescape(text).replace("\u00ad", "").split())


def _jsonld(article: ReplicaArticle, base: str, body_text: str) -> str:
    url = base + article.path
    uid, ualias = user_ref(article.author)
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": php_escape(article.title),
    }
    if article.has_image:
        data["image"] = [
            base + image_path(article.item_id, s) for s in ("XL", "L", "M", "S", "XS", "Generic")
        ]
    data.update(
        {
            "datePublished": iso_local(article.published),
            "dateModified": iso_local(article.modified or article.published),
            "author": {
                "@type": "Person",
                "name": article.author,
                "url": f"{base}/{article.menu}/itemlist/user/{uid}-{ualias}",
            },
            "publisher": {
                "@type": "Organization",
                "name": "Эксперт KZ",
                "url": base + "/",
                "logo": {
                    "@type": "ImageObject",
                    "name": "Эксперт KZ",
                    "width": "",
                    "height": "",
                    "url": base + "/",
                },
            },
            "articleSection": (
                f"{base}/{article.menu}/itemlist/category/"
                f"{article.category.id}-{article.category.alias}"
            ),
            "keywords": ",".join(article.tags),
            "description": php_escape(article.lead),
            "articleBody": php_escape(_plain(body_text)),
        }
    )
    return (
        '<script type="application/ld+json">\n'
        + json.dumps(data, ensure_ascii=False, indent=4)
        + "\n</script>"
    )


def _head(
    article: ReplicaArticle, base: str, request_url: str, body_text: str
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    twice = php_escape(php_escape(article.title))
    desc = php_escape(body_text)
    metas = []
    if article.tags:
        metas.append(f'<meta name="keywords" content="{php_escape(",".join(article.tags))}" />')
    metas += [
        '<meta name="robots" content="max-image-preview:large" />',
        f'<meta name="author" content="{php_escape(article.author)}" />',
        f'<meta property="og:url" content="{php_escape(request_url)}" />',
        '<meta property="og:type" content="article" />',
        f'<meta property="og:title" content="{twice}" />',
        f'<meta property="og:description" content="{php_escape(character_limit(desc, 300))}" />',
    ]
    if article.has_image:
        img_m = base + image_path(article.item_id, "M")
        metas += [
            f'<meta property="og:image" content="{img_m}" />',
            f'<meta name="image" content="{img_m}" />',
        ]
    metas += [
        '<meta name="twitter:card" content="summary" />',
        f'<meta name="twitter:title" content="{twice}" />',
        f'<meta name="twitter:description" content="{php_escape(character_limit(desc, 200))}" />',
    ]
    if article.has_image:
        metas += [
            f'<meta name="twitter:image" content="{base}{image_path(article.item_id, "L")}" />',
            f'<meta name="twitter:image:alt" content="{twice}" />',
        ]
    metas.append(f'<meta name="description" content="{php_escape(character_limit(desc, 150))}" />')
    links = (f'<link href="{article.path}" rel="canonical" />',)
    scripts = (_jsonld(article, base, body_text),) if article.has_jsonld else ()
    return tuple(metas), links, scripts


def _image_block(article: ReplicaArticle) -> str:
    if not article.has_image:
        return ""
    alt = php_escape(php_escape(article.title))
    return f"""<div class="itemImageBlock">
<span class="itemImage">
<a data-k2-modal="image" href="{image_path(article.item_id, "XL")}" title="Нажмите для предварительного просмотра изображения">
<img src="{image_path(article.item_id, "L")}" alt="{alt}" style="width:600px;height:auto;" />
</a>
</span>
<span class="itemImageCaption">{php_escape(article.image_caption or "")}</span>
<div class="clr"></div>
</div>"""  # noqa: E501


def _toolbar(article: ReplicaArticle) -> str:
    mail = hashlib.sha1(article.path.encode()).hexdigest()
    return f"""<div class="itemToolbar">
<ul>
<li>
<span class="itemTextResizerTitle">размер шрифта</span>
<a href="#" id="fontDecrease"><span>уменьшить размер шрифта</span></a>
<a href="#" id="fontIncrease"><span>увеличить размер шрифта</span></a>
</li>
<li>
<a class="itemPrintLink" rel="nofollow" href="{article.path}?tmpl=component&amp;print=1" onclick="window.open(this.href,'printWindow','width=900,height=600,location=no,menubar=no,resizable=yes,scrollbars=yes'); return false;"><span>Печать</span></a>
</li>
<li>
<a class="itemEmailLink" rel="nofollow" href="/component/mailto/?tmpl=component&amp;template=expert&amp;link={mail}" onclick="window.open(this.href,'emailWindow','width=400,height=350,location=no,menubar=no,resizable=no,scrollbars=no'); return false;"><span>Эл. почта</span></a>
</li>
</ul>
<div class="clr"></div>
</div>"""  # noqa: E501


def _links_block(article: ReplicaArticle) -> str:
    cat = article.category
    tags = "\n".join(
        f'<li><a href="{tag_href(t, article.menu)}">{php_escape(t)}</a></li>' for t in article.tags
    )
    tag_block = (
        (
            f'<div class="itemTagsBlock">\n<span>Теги</span>\n<ul class="itemTags">\n'
            f'{tags}\n</ul>\n<div class="clr"></div>\n</div>'
        )
        if article.tags
        else ""
    )
    return (
        f'<div class="itemLinks">\n<div class="itemCategory">\n<span>Опубликовано в</span>\n'
        f'<a href="/{article.menu}/itemlist/category/{cat.id}-{cat.alias}">'
        f'{php_escape(cat.name)}</a>\n</div>\n{tag_block}\n<div class="clr"></div>\n</div>'
    )


def _social(url: str) -> str:
    return f"""<div class="itemSocialSharing">
<div class="itemTwitterButton">
<a href="https://twitter.com/share" class="twitter-share-button" data-url="{url}" data-via="" data-related="" data-lang="ru" data-dnt="true" data-show-count="true">Tweet</a>
<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>
</div>
<div class="itemFacebookButton">
<div id="fb-root"></div>
<script async defer crossorigin="anonymous" src="https://connect.facebook.net/ru_RU/sdk.js#xfbml=1&version=v3.3"></script>
<div class="fb-like" data-href="{url}" data-width="160" data-layout="button_count" data-action="like" data-size="small" data-show-faces="false" data-share="true"></div>
</div>
<div class="clr"></div>
</div>"""  # noqa: E501


def _related_and_nav(site: Site, article: ReplicaArticle) -> str:
    lis = "\n".join(
        f'<li class="{"even" if n % 2 == 0 else "odd"}">\n<a class="itemRelTitle" '
        f'href="{k2_link(a, "tema")}">{php_escape(a.title)}</a>\n</li>'
        for n, a in enumerate(related(site, article))
    )
    out = (
        f'<div class="itemRelated">\n<h3>Похожее</h3>\n<ul>\n{lis}\n<li class="clr"></li>\n'
        f'</ul>\n<div class="clr"></div>\n</div>\n<div class="clr"></div>\n'
    )
    prev, nxt = neighbours(site, article)
    if prev or nxt:
        out += (
            '<div class="itemNavigation">\n<span class="itemNavigationTitle">'
            "Другие материалы в этой категории:</span>\n"
        )
        if prev:
            out += (
                f'<a class="itemPrevious" href="{k2_link(prev)}">&laquo; '
                f"{php_escape(prev.title)}</a>\n"
            )
        if nxt:
            out += (
                f'<a class="itemNext" href="{k2_link(nxt)}">{php_escape(nxt.title)} &raquo;</a>\n'
            )
        out += "</div>\n"
    return out


def item_component(site: Site, article: ReplicaArticle, base: str, print_mode: bool) -> str:
    """The K2 item layout (div#k2Container.itemView ...), as the component area holds it."""
    intro, full = intro_and_full(article)
    uid, ualias = user_ref(article.author)
    intro_html = f'<div class="itemIntroText">\n{intro}\n</div>\n' if intro is not None else ""
    modified = (
        f'<span class="itemDateModified">\nПоследнее изменение '
        f"{k2_date(article.modified)}\n</span>\n"
        if article.modified
        else ""
    )
    printed = (
        '<a class="itemPrintThisPage" rel="nofollow" href="#" '
        'onclick="window.print();return false;"><span>Распечатать эту страницу</span>'
        "</a>\n"
        if print_mode
        else ""
    )
    extras = "" if print_mode else _toolbar(article)
    tail = (
        ""
        if print_mode
        else (
            _social(base + article.path)
            + "\n"
            + _links_block(article)
            + "\n"
            + _related_and_nav(site, article)
        )
    )
    if print_mode:
        tail = _links_block(article) + "\n"
    return f"""{printed}<!-- Start K2 Item Layout -->
<span id="startOfPageId{article.item_id}"></span>
<div id="k2Container" class="itemView">
<!-- Plugins: BeforeDisplay -->
<!-- K2 Plugins: K2BeforeDisplay -->
<div class="itemHeader">
<span class="itemDateCreated">
{k2_date(article.published)}
</span>
<h2 class="itemTitle">
{php_escape(article.title)}
</h2>
<span class="itemAuthor">
<a rel="author" href="/{article.menu}/itemlist/user/{uid}-{ualias}">{php_escape(article.author)}</a>
</span>
</div>
<!-- Plugins: AfterDisplayTitle -->
<!-- K2 Plugins: K2AfterDisplayTitle -->
{extras}
<div class="itemBody">
<!-- Plugins: BeforeDisplayContent -->
<!-- K2 Plugins: K2BeforeDisplayContent -->
{_image_block(article)}
{intro_html}<div class="itemFullText">
{full}
</div>
<div class="clr"></div>
<div class="itemContentFooter">
<span class="itemHits">
Прочитано <b>{article.hit_count}</b> раз
</span>
{modified}<div class="clr"></div>
</div>
<!-- Plugins: AfterDisplayContent -->
<!-- K2 Plugins: K2AfterDisplayContent -->
<div class="clr"></div>
</div>
{tail}<!-- Plugins: AfterDisplay -->
<!-- K2 Plugins: K2AfterDisplay -->
<div class="itemBackToTop">
<a class="k2Anchor" href="{article.path}#startOfPageId{article.item_id}">
Наверх
</a>
</div>
<div class="clr"></div>
</div>
<!-- End K2 Item Layout -->"""


def render_item(
    site: Site,
    article: ReplicaArticle,
    *,
    base: str,
    request_path: str,
    request_url: str,
    menu: str,
    component_only: bool = False,
    print_mode: bool = False,
) -> str:
    """The item page as served at `request_url` (any menu, any alias, any query).

    <base> is the requested URL without query (JURI::current), og:url the requested URL with
    its query, canonical always the article's own relative path.
    """
    intro, full = intro_and_full(article)
    body_text = strip_tags((intro or "") + " " + full)
    metas, links, scripts = _head(article, base, request_url, body_text)
    cat = article.category
    spec = PageSpec(
        title=php_escape(article.title),
        base_href=base + request_path,
        body_class="site com_k2 view-item no-layout no-task",
        content=item_component(site, article, base, print_mode),
        active=f"/{menu}",
        lang=article.html_lang,
        charset=article.encoding,
        metas=metas,
        links=links,
        scripts=scripts,
        crumbs=(
            ("/", "Главная"),
            (f"/{menu}", menu_title(menu)),
            (f"/{menu}/itemlist/category/{cat.id}-{cat.alias}", php_escape(cat.name)),
            (None, php_escape(article.title)),
        ),
    )
    return component_page(spec) if component_only else render_page(site, spec)
