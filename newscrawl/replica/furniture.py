"""Site furniture repeated on every page: bottom modules copied from the seed, and the
sidebar (K2 tag cloud, "Дайджест новостей", "On Top").

The bottom texts are verbatim from shared/seeds (including its non-breaking spaces) because
they are exactly the boilerplate a body extractor must NOT pick up. They come before the
sidebar in document order, as in the seed's text dump.
"""

from __future__ import annotations

import math
from collections import Counter
from urllib.parse import quote

from newscrawl.replica.model import ReplicaArticle, Site, item_path
from newscrawl.replica.textutil import make_alias, php_escape, text_escape

WHY_TITLE = "ЗАЧЕМ МЫ ДЕЛАЕМ Эксперт KZ"
WHY_TEXT = (
    "Нам хочется жить в стране, где люди увлечены своим делом, ставят цели и добиваются их, "
    "мыслят творчески и видят стакан, который наполовину полон, а не наполовину пуст. Они "
    "получают удовольствие от жизни, но не проживают ее зря. Своей работой они меняют мир к "
    "лучшему и точно знают, что невозможное возможно. Мы хотим, чтобы русские стали самой "
    "активной, предприимчивой, довольной жизнью и успешной нацией в мире. Мы поддерживаем их "
    "на этом пути: вдохновляем удачными примерами, предостерегаем от ошибок, подсказываем "
    "новые дороги и помогаем брать следующую ступень в развитии."
)
TEAM_TITLE = "КОМАНДА Эксперт KZ:"
TEAM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("Руководитель:", "Ералы Тугжанов"),
    ("Редакционный коллектив.", "Журналист: Талғат Ерғалиев", "Журналист: Бақытжан Сағынтаев"),
    (
        "Корреспондент: Баниямин Файзулин",
        "Модератор: Талғат Ерғалиев",
        "Корректор: Бақытжан Сағынтаев",
    ),
)
ABOUT_TITLE = (
    "Эксперт KZ – независимое издание новостного формата об общественных тенденциях и политике"
)
ABOUT_TEXT = (
    "Мы фокусируемся на контексте актуальных событий и рассказываем об общественных вызовах, "
    "свободах и границах безопасности, о людях, которые отстаивают базовые права и меняют "
    "представление о том, как может быть устроен мир. Эксперт KZ основали в 2011\xa0 году в "
    "Москве\xa0 журналисты Катерина Сергацковская и Роман Степанкович. Изначально издание "
    "рассказывало на нарушениях прав человека в России и консервативных тенденциях в "
    "обществе. Сегодня\xa0Эксперт KZ больше известен глубокими репортажами, расследованиями, "
    "документальными видеопроектами, комиксами и концептуальным подходом к сторителлингу."
)
SEED_TAGS: tuple[str, ...] = (
    "гимнастки",
    "Международный",
    "поддержка производителей",
    "акциз на сахар",
    "Гарвард",
    "морг",
    "награда",
    "МВД",
    "продажа одежды",
    "крипто",
    "тенге",
    "съемка",
    "мошенническая рассылка",
    "Железнодорожные билеты",
    "Алия Молдагулова",
    "затопление",
    "Кульсары",
    "партия Amanat",
    "пропажа людей",
    "пропала",
    "пропавшая без вести",
    "пропал человек",
    "Пропали дети",
    "Новая Бухтарма",
    "новый тренд",
    "финики с маслом",
    "выставка-ярмарка",
    "сложности",
    "есірткі",
    "23 жасөспірім",
    "коллективный",
    "Назарбаев",
    "автократический режим",
    "Досым Сатпаев",
    "Курманбек Бакиев",
    "юмор",
    "Sergek",
    "самоуправление",
    "Дамаск",
    "ПАСЕ",
    "убийство школьника",
    "медработник",
    "программа реновации",
    "запрещенные",
    "депозит Kaspi Pay",
    "Kaspi депозит",
    "незаконная передача",
    "Когда Отключат Отопление",
    "нарушение правил ПДД",
    "блокировка счетов",
    "задолженность по налогам",
    "запрет сбора",
    "тюльпаны Грейга",
    "Ержан Еркинбаев",
    "защита труда",
    "Олжас Абишев",
    "всемирный день",
    "Всемирная организация здравоохранения",
    "Разметка",
    "Министерство\xa0туризма\xa0и\xa0спорта\xa0РК",
    "победы",
    "Харольд Мартин Лопес",
    "Тур Греции",
    "XDS Astana Team",
)
"""The seed's tag line, in its order (so not K2's alphabetical cloud: Joomla's own
mod_tags_popular, whose /component/tags/... links robots.txt disallows)."""


def _nbsp(text: str) -> str:
    return text_escape(text).replace("\xa0", "&nbsp;")


def bottom_modules() -> str:
    """The four seed blocks rendered as Joomla mod_custom / mod_tags_popular modules."""
    team = "\n".join(
        f"<p>{'<br />'.join(_nbsp(line) for line in group)}</p>" for group in TEAM_GROUPS
    )
    tags = "\n".join(
        f'<li><a class="tag-name" href="/component/tags/tag/{n}-{make_alias(t)}">'
        f"{_nbsp(t)}</a></li>"
        for n, t in enumerate(SEED_TAGS, start=40)
    )
    return f"""<div class="bottom-modules">
<div class="moduletable"><h3>{_nbsp(WHY_TITLE)}</h3>
<div class="custom"><p>{_nbsp(WHY_TEXT)}</p></div></div>
<div class="moduletable"><h3>{_nbsp(TEAM_TITLE)}</h3>
<div class="custom">
{team}
</div></div>
<div class="moduletable"><div class="tagspopular"><ul>
{tags}
</ul></div></div>
<div class="moduletable"><h3>{_nbsp(ABOUT_TITLE)}</h3>
<div class="custom"><p>{_nbsp(ABOUT_TEXT)}</p></div></div>
</div>"""


def _module_list(box_id: int, items: list[tuple[str, str, str]]) -> str:
    """mod_k2_content Default layout: div.k2ItemsBlock > ul > li.even|odd > a.moduleItemTitle."""
    lis = []
    for n, (href, title, extra) in enumerate(items):
        cls = "even" if n % 2 == 0 else "odd"
        if n == len(items) - 1:
            cls += " lastItem"
        lis.append(
            f'<li class="{cls}">\n<a class="moduleItemTitle" href="{href}">'
            f'{php_escape(title)}</a>{extra}\n<div class="clr"></div>\n</li>'
        )
    body = "\n".join(lis)
    return (
        f'<div id="k2ModuleBox{box_id}" class="k2ItemsBlock">\n<ul>\n{body}\n'
        f'<li class="clearList"></li>\n</ul>\n</div>'
    )


def digest_items(site: Site) -> list[ReplicaArticle]:
    """ "Дайджест новостей": the 5 newest cross-linkable items of any section."""
    return site.cross_linkable()[:5]


def on_top_items(site: Site) -> list[ReplicaArticle]:
    """ "On Top": mod_k2_content ordered by hits, 3 items."""
    pool = site.cross_linkable()
    return sorted(pool, key=lambda a: (a.hit_count, a.item_id), reverse=True)[:3]


def tag_cloud(site: Site) -> str:
    """mod_k2_tools tag cloud: top 30 tags by count, sorted alphabetically, 75-300% sizes,
    hrefs urldecoded (raw Cyrillic and spaces), as K2's helper produces them."""
    counts = Counter(t for a in site.articles for t in a.tags)
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:30]
    if not top:
        return ""
    lo, hi = min(c for _, c in top), max(c for _, c in top)
    spread = max(hi - lo, 1)
    links = []
    for tag, count in sorted(top, key=lambda kv: kv[0].casefold()):
        size = math.ceil(75 + (count - lo) * (300 - 75) / spread)
        links.append(
            f'<a href="/tema/itemlist/tag/{php_escape(tag)}" style="font-size:{size}%"'
            f' title="{count} материалов с тэгом {php_escape(tag)}">\n'
            f"{php_escape(tag)}\n</a>"
        )
    return (
        '<div id="k2ModuleBox131" class="k2TagCloudBlock">\n'
        + "\n".join(links)
        + '\n<div class="clr"></div>\n</div>'
    )


def sidebar(site: Site) -> str:
    digest = [(a.path, a.title, "") for a in digest_items(site)]
    top = [
        (a.path, a.title, f'\n<span class="moduleItemHits">Прочитано {a.hit_count} раз</span>')
        for a in on_top_items(site)
    ]
    return f"""<aside id="aside" class="span3">
<div class="moduletable"><h3>Дайджест новостей</h3>
{_module_list(140, digest)}
</div>
<div class="moduletable"><h3>On Top</h3>
{_module_list(141, top)}
</div>
<div class="moduletable"><h3>Облако тегов</h3>
{tag_cloud(site)}
</div>
</aside>"""


def tag_href(tag: str, menu: str = "tema") -> str:
    """Item-view tag link: urlencoded, spaces as '+' (models/item.php does not urldecode)."""
    return f"/{menu}/itemlist/tag/{quote(tag, safe='').replace('%20', '+')}"


def k2_link(article: ReplicaArticle, menu: str | None = None) -> str:
    """Link to an item under a menu (default its own); adds the article's link_query."""
    path = item_path(menu or article.menu, article.item_id, article.alias)
    return f"{path}?{article.link_query}" if article.link_query else path
