"""The Joomla 3 site template ("expert") that wraps every HTML page.

Mirrors item-example.html: J3 head order (content-type meta, <base>, name metas,
description, generator, title, links, scripts), header, main menu, breadcrumbs, component
area followed by the seed's bottom modules, sidebar, footer. Pages differ only in the head
fragments and the component HTML handed in, so a change of furniture happens in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newscrawl.replica.furniture import bottom_modules, sidebar
from newscrawl.replica.model import MENUS, Site
from newscrawl.replica.textutil import php_escape

K2_VERSION = "2.11.20241016"
MAIN_MENU: tuple[tuple[int, str, str], ...] = (
    (101, "/", "Главная"),
    (120, "/tema", "Темы"),
    (118, "/novosti", "Новости"),
    (119, "/kz", "Қазақша"),
    (130, "/kontakty", "Контакты"),
)
FOOTER_MENU: tuple[tuple[int, str, str], ...] = (
    (131, "/o-nas", "О нас"),
    (132, "/reklama", "Реклама"),
    (130, "/kontakty", "Контакты"),
    (133, "/tema?format=feed&type=rss", "RSS"),
)
MENU_ITEMIDS = {href.lstrip("/"): itemid for itemid, href, _ in MAIN_MENU}


@dataclass(frozen=True)
class PageSpec:
    """What varies between pages of the site template."""

    title: str
    base_href: str
    body_class: str
    content: str
    active: str = "/"
    lang: str = "ru-ru"
    charset: str = "utf-8"
    metas: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()
    crumbs: tuple[tuple[str | None, str], ...] = field(default_factory=tuple)


def _head(spec: PageSpec) -> str:
    lines = [
        '<meta name="viewport" content="width=device-width, initial-scale=1.0" />',
        f'<base href="{php_escape(spec.base_href)}" />',
        f'<meta http-equiv="content-type" content="text/html; charset={spec.charset}" />',
        *spec.metas,
        '<meta name="generator" content="Joomla! - Open Source Content Management" />',
        f"<title>{spec.title}</title>",
        *spec.links,
        '<link href="/templates/expert/favicon.ico" rel="shortcut icon" '
        'type="image/vnd.microsoft.icon" />',
        '<link href="https://cdnjs.cloudflare.com/ajax/libs/magnific-popup.js/1.1.0/'
        'magnific-popup.min.css" rel="stylesheet" type="text/css" />',
        f'<link href="/templates/expert/css/k2.css?v={K2_VERSION}" rel="stylesheet" '
        'type="text/css" />',
        '<link href="/templates/expert/css/template.css" rel="stylesheet" type="text/css" />',
        '<script src="/media/jui/js/jquery.min.js?3f1c2a7e9b5d" type="text/javascript"></script>',
        '<script src="/media/jui/js/jquery-noconflict.js?3f1c2a7e9b5d" '
        'type="text/javascript"></script>',
        f'<script src="/media/k2/assets/js/k2.frontend.js?v={K2_VERSION}&amp;sitepath=/" '
        'type="text/javascript"></script>',
        *spec.scripts,
    ]
    return "\n".join("\t" + line for line in lines)


def _menu(active: str) -> str:
    items = []
    for itemid, href, label in MAIN_MENU:
        cls = f"item-{itemid}" + (" default" if href == "/" else "")
        if href == active:
            cls += " current active"
        items.append(f'<li class="{cls}"><a href="{href}">{label}</a></li>')
    return '<ul class="nav menu mod-list">\n' + "\n".join(items) + "\n</ul>"


def _breadcrumbs(crumbs: tuple[tuple[str | None, str], ...]) -> str:
    """mod_breadcrumbs with schema.org markup; the last crumb is plain text (the title)."""
    if not crumbs:
        return ""
    parts = ['<li class="active"><span class="divider icon-location"></span></li>']
    for pos, (href, label) in enumerate(crumbs, start=1):
        li = '<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"'
        if href is None:
            parts.append(
                f'{li} class="active">\n<span itemprop="name">{label}</span>\n'
                f'<meta itemprop="position" content="{pos}">\n</li>'
            )
        else:
            parts.append(
                f'{li}>\n<a itemprop="item" href="{href}" class="pathway">'
                f'<span itemprop="name">{label}</span></a>\n'
                f'<span class="divider"> / </span>\n'
                f'<meta itemprop="position" content="{pos}">\n</li>'
            )
    return (
        '<div aria-label="Breadcrumbs" role="navigation">\n<ul itemscope '
        'itemtype="https://schema.org/BreadcrumbList" class="breadcrumb">\n'
        + "\n".join(parts)
        + "\n</ul>\n</div>"
    )


def render_page(site: Site, spec: PageSpec) -> str:
    """A full page in the site template around `spec.content` (the component output)."""
    itemid = MENU_ITEMIDS.get(spec.active.lstrip("/"), 101)
    footer_menu = "\n".join(
        f'<li class="item-{i}"><a href="{php_escape(h)}">{label}</a></li>'
        for i, h, label in FOOTER_MENU
    )
    return f"""<!DOCTYPE html>
<html prefix="og: http://ogp.me/ns#" lang="{spec.lang}" dir="ltr">
<head>
{_head(spec)}
</head>
<body class="{spec.body_class} itemid-{itemid}">
<div class="body">
<div class="container">
<header class="header" role="banner">
<div class="header-inner clearfix">
<a class="brand pull-left" href="/"><img src="/images/logo/expert-kz-logo.png" alt="Эксперт KZ" /></a>
<div class="header-search pull-right"><div class="search">
<form action="/tema" method="post" class="form-inline">
<label for="mod-search-searchword" class="element-invisible">Искать...</label>
<input name="searchword" id="mod-search-searchword" maxlength="200" class="inputbox search-query" type="search" placeholder="Искать..." />
<input type="hidden" name="task" value="search" />
<input type="hidden" name="option" value="com_search" />
<input type="hidden" name="Itemid" value="{itemid}" />
</form>
</div></div>
</div>
</header>
<nav class="navigation" role="navigation">
{_menu(spec.active)}
</nav>
{_breadcrumbs(spec.crumbs)}
<div class="row-fluid">
<main id="content" role="main" class="span9">
<div id="system-message-container"></div>
{spec.content}
{bottom_modules()}
</main>
{sidebar(site)}
</div>
</div>
</div>
<footer class="footer" role="contentinfo">
<div class="container">
<ul class="nav menu mod-list">
{footer_menu}
</ul>
<hr />
<p class="pull-right"><a href="#top" id="back-top">Наверх</a></p>
<p>&copy; 2025 {site.name}</p>
</div>
</footer>
</body>
</html>
"""  # noqa: E501


def component_page(spec: PageSpec) -> str:
    """tmpl=component: the component output with a bare head and no site template."""
    return f"""<!DOCTYPE html>
<html prefix="og: http://ogp.me/ns#" lang="{spec.lang}" dir="ltr">
<head>
{_head(spec)}
</head>
<body class="contentpane modal">
<div id="system-message-container"></div>
{spec.content}
</body>
</html>
"""


def menu_title(menu: str) -> str:
    return MENUS[menu]


def error_page(status: int = 404, message: str = "Страница не найдена") -> str:
    """templates/system/error.php as a Joomla 3 site shows it for a 404."""
    return f"""<!DOCTYPE html>
<html lang="ru-ru" dir="ltr">
<head>
<meta charset="utf-8" />
<title>{status} - Ошибка: {status}</title>
<link rel="stylesheet" href="/templates/system/css/error.css" type="text/css" />
</head>
<body>
<div class="error">
<div id="outline">
<div id="errorboxoutline">
<div id="errorboxheader">{status} - {message}</div>
<div id="errorboxbody">
<p><strong>Вы не можете посетить текущую страницу по причине:</strong></p>
<ol>
<li>просроченная закладка/избранное</li>
<li>поисковый механизм, у которого просрочен список для этого сайта</li>
<li>пропущен адрес</li>
<li>у вас нет права доступа на эту страницу</li>
<li>Запрашиваемый ресурс не найден.</li>
<li>В процессе обработки вашего запроса произошла ошибка.</li>
</ol>
<p><strong>Пожалуйста, перейдите на одну из следующих страниц:</strong></p>
<ul><li><a href="/" title="Перейти на главную страницу">Главная страница</a></li></ul>
<div id="techinfo"><p>{message}</p></div>
</div>
</div>
</div>
</div>
</body>
</html>
"""
