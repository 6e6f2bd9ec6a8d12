"""The user's seed page (shared/seeds/000_...txt) through parser and pipelines, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.extraction.article import parse_article
from newscrawl.feed.buffer import ArticleBuffer
from newscrawl.feed.delivery import FileDelivery
from newscrawl.feed.revisions import Revisions
from newscrawl.items import Article
from newscrawl.replica.model import PROMO_LINE
from newscrawl.sites.expertkz import PROFILE
from newscrawl.sitewide.learner import SiteFurnitureLearner
from newscrawl.spiders.expertkz import ExpertKzSpider
from tests.golden_support import page_url

GOLDEN = Path(__file__).parent / "golden"
URL = "https://expert-kz.com/tema/item/193315-almaty-mozhet-poluchit-status-vsemirnogo-goroda-remeslennikov"

SEED_TITLE = 'Алматы может получить статус "Всемирного города ремесленников"'
SEED_BODY = [
    "С 2022 года Тараз первым из городов Казахстана получил статус "
    '"Всемирного города ремесленников".',
    "Они обсудили перспективы развития ремесленничества, укрепления сотрудничества между странами.",
    "Глава города отметил, что Алматы является культурной, научно-образовательной и деловой "
    "столицей Казахстана, оживленным центром притяжения для мастеров и художников.",
    '"В городе проживает более 250 талантливых ремесленников, которые занимаются изготовлением '
    "ювелирных изделий, ковроткачеством, гончарным делом, обработкой кожи и резьбой по дереву. "
    "Изделия алматинских ремесленников периодически демонстрируются на престижных мероприятиях, "
    "таких как ЭКСПО и Всемирный совет ремесел, где получают награды за свою уникальность и "
    "мастерство. На фестивалях и ярмарках мастера демонстрируют свои творения, проводят "
    "мастер-классы заинтересованным посетителям. Данные мероприятия играют ключевую роль в "
    "сохранении и популяризации традиционных казахских ремесел, интеграции их в современную "
    'культуру", – говорится в сообщении пресс-службы ведомства.',
    "В ходе встречи стороны отметили туристические и экономические аспекты развития "
    "ремесленничества, необходимость его развития для создания рабочих мест и стимулирования "
    "экономического роста, а также обсудили возможность присвоения Алматы звания "
    '"Всемирного города ремесленников" (World Craft City).',
    "Всемирный совет ремесел AISBL (создан 12 июня 1964 года в Нью-Йорке) – международная "
    "некоммерческая организация, деятельность которой направлена на содействие сохранению, "
    "популяризации и развитию глобального ремесленного искусства и традиционных ремесел. "
    "Совет имеет статус консультационного органа при ЮНЕСКО.",
    "Во всемирный список городов ремесел внесены 57 городов Африки, "
    "Азиатско-Тихоокеанского региона, Европы, Северной и Латинской Америки.",
]
FURNITURE = [
    "Похожее",
    "ЗАЧЕМ МЫ ДЕЛАЕМ",
    "КОМАНДА Эксперт KZ",
    "Ералы Тугжанов",
    "Дайджест новостей",
    "On Top",
    "независимое издание",
    "Kaspi",
    PROMO_LINE,
]


def run_pipelines(article: Article, site_pages: list[Article] | None = None) -> Article:
    """The project's ITEM_PIPELINES, in order, then the delivery of a feed file that
    carries the crawl's pages (``site_pages``) and this article, as a crawl does."""
    crawler = get_crawler(ExpertKzSpider, {"ITEM_PIPELINES": project_settings.ITEM_PIPELINES})
    ordered = sorted(project_settings.ITEM_PIPELINES.items(), key=lambda kv: kv[1])
    stages = [build_from_crawler(load_object(path), crawler) for path, _ in ordered]
    buffer = ArticleBuffer()
    for stage in stages:
        article = stage.process_item(article)
    buffer.add(article)
    for page in site_pages or []:
        try:
            for stage in stages:
                page = stage.process_item(page)
        except DropItem:
            continue  # not delivered, as in a crawl (no date, or the article itself)
        buffer.add(page)
    assert crawler.stats is not None
    learner = SiteFurnitureLearner.from_crawler(crawler)
    delivery = FileDelivery(learner, Revisions(None, crawler.stats), crawler.stats)
    try:
        records = list(delivery.records(buffer))
    finally:
        learner.close()
        buffer.close()
    return next(r for r in records if r.article_id == article.article_id)


def golden_article(name: str) -> Article:
    page = (GOLDEN / f"{name}.html").read_bytes()
    return parse_article(HtmlResponse(url=page_url(name), body=page), PROFILE).article


@pytest.fixture(scope="module")
def seed() -> Article:
    """The seed page after a crawl of the golden pages (9 articles of the replica)."""
    site = [golden_article(path.stem) for path in sorted(GOLDEN.glob("*.html"))]
    response = HtmlResponse(url=URL, body=(GOLDEN / "seed.html").read_bytes())
    return run_pipelines(parse_article(response, PROFILE).article, site)


def test_title_once(seed: Article) -> None:
    assert seed.title == SEED_TITLE
    assert SEED_TITLE not in seed.body


def test_seven_paragraphs_in_order_each_once(seed: Article) -> None:
    assert seed.body == SEED_BODY


def test_no_furniture(seed: Article) -> None:
    text = "\n".join([seed.title, *seed.body, seed.summary or ""])
    for marker in FURNITURE:
        assert marker not in text


def test_promo_line_is_on_the_page_and_only_learning_removes_it() -> None:
    response = HtmlResponse(url=URL, body=(GOLDEN / "seed.html").read_bytes())
    parsed = parse_article(response, PROFILE).article
    assert parsed.body[-1] == PROMO_LINE  # inside itemFullText: no selector can drop it
    assert run_pipelines(parsed).body[-1] == PROMO_LINE  # a lone page teaches nothing


def test_metadata(seed: Article) -> None:
    assert seed.url == URL
    assert seed.article_id == "193315"
    assert seed.published == "2024-11-27T10:15:00+05:00"
    assert seed.section == "Общество"
    assert seed.tags == ["Алматы", "ремесленники", "World Crafts Council", "туризм"]
    assert seed.summary == SEED_BODY[0]
    assert len(seed.fingerprint) == 64


def test_article_without_date_is_dropped() -> None:
    page = (GOLDEN / "metadata_only_generic.html").read_bytes()
    article = parse_article(HtmlResponse(url=URL, body=page), PROFILE).article
    with pytest.raises(DropItem, match="missing_published"):
        run_pipelines(article)
