"""CPU milliseconds per article page: our parser, parser + pipelines, trafilatura, lxml.

All four run in this process on the same pages, already read into memory, so the only
difference between them is the code under test. Each contender is timed with
``time.process_time`` over every sample page, ``passes`` times; the fastest pass counts
(the others differ by cache and scheduler noise, not by the code).

* ``lxml_parse``: ``lxml.html.fromstring(body)``, the floor any HTML extractor pays.
* ``parser``: a fresh ``HtmlResponse`` and ``parse_article`` (decoding, parsing and
  every field chain included, as in the spider).
* ``parser_pipelines``: the same plus every stage of ``ITEM_PIPELINES``, built from the
  project settings the way Scrapy builds them.
* ``trafilatura``: ``trafilatura.extract(text, url=...)`` with its defaults; it gets
  the decoded text, its fastest input (bytes would add its charset detection).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lxml.html
from scrapy.http import HtmlResponse
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from scrapy.utils.test import get_crawler

from newscrawl.extraction.article import parse_article
from newscrawl.feed.buffer import ArticleBuffer
from newscrawl.feed.delivery import FileDelivery
from newscrawl.feed.revisions import Revisions
from newscrawl.similarity import words
from newscrawl.sitewide.learner import SiteFurnitureLearner
from newscrawl.spiders.expertkz import ExpertKzSpider

HEADERS = {"Content-Type": "text/html; charset=utf-8"}
CRAWLED_AT = datetime(2025, 7, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Page:
    url: str
    body: bytes


def sample_pages(root: Path, base_url: str, count: int) -> list[Page]:
    """Up to ``count`` article pages spread evenly over the site, newest to oldest."""
    files = sorted(root.glob("*/item/*"))
    step = max(1, len(files) // max(1, count))
    chosen = files[::step][:count]
    return [Page(f"{base_url}/{f.relative_to(root).as_posix()}", f.read_bytes()) for f in chosen]


def _stages() -> tuple[ExpertKzSpider, list[Any]]:
    """The project's item pipelines in priority order, with a spider of the project.

    A crawler that is never started (Scrapy's test helper) needs no reactor; each
    stage is still built by its own ``from_crawler``.
    """
    settings = get_project_settings()
    if not is_reactor_installed():  # building a Crawler checks for the configured reactor
        install_reactor(settings["TWISTED_REACTOR"])
    crawler = get_crawler(ExpertKzSpider, settings.copy_to_dict())
    spider = ExpertKzSpider(base_url="http://127.0.0.1")  # components read only settings
    order = sorted(settings.getdict("ITEM_PIPELINES").items(), key=lambda kv: kv[1])
    stages = [load_object(path).from_crawler(crawler) for path, _ in order]
    return spider, stages


Run = Callable[[Sequence[Page]], None]


def _parser() -> Run:
    profile = ExpertKzSpider.profile

    def run(pages: Sequence[Page]) -> None:
        for page in pages:
            response = HtmlResponse(page.url, body=page.body, headers=HEADERS)
            parse_article(response, profile, crawled_at=CRAWLED_AT)

    return run


def _parser_pipelines() -> Run:
    """Stages are built (untimed) for every pass: validation remembers emitted ids.
    The words cache is emptied too: in a crawl no paragraph is seen in five passes.
    The pass ends as a feed file closes: the pages' articles are buffered and
    delivered (site furniture, fingerprint: ``newscrawl.feed.delivery``), timed too."""
    words.cache_clear()
    spider, stages = _stages()
    for stage in stages:
        if hasattr(stage, "open_spider"):
            stage.open_spider(spider)
    crawler = stages[0].crawler
    learner = SiteFurnitureLearner.from_crawler(crawler)  # a temporary directory
    delivery = FileDelivery(learner, Revisions(None, crawler.stats), crawler.stats)

    def run(pages: Sequence[Page]) -> None:
        buffer = ArticleBuffer()
        for page in pages:
            response = HtmlResponse(page.url, body=page.body, headers=HEADERS)
            item = parse_article(response, spider.profile, crawled_at=CRAWLED_AT).article
            for stage in stages:
                item = stage.process_item(item)
            buffer.add(item)
        for _ in delivery.records(buffer):
            pass
        buffer.close()
        learner.close()

    return run


def _lxml() -> Run:
    def run(pages: Sequence[Page]) -> None:
        for page in pages:
            lxml.html.fromstring(page.body)

    return run


def _trafilatura() -> Run:
    import trafilatura

    def run(pages: Sequence[Page]) -> None:
        for page in pages:
            trafilatura.extract(page.body.decode("utf-8"), url=page.url)

    return run


#: name -> a factory of one timed pass (the factory itself is not timed)
CONTENDERS: dict[str, Callable[[], Run]] = {
    "lxml_parse": _lxml,
    "parser": _parser,
    "parser_pipelines": _parser_pipelines,
    "trafilatura": _trafilatura,
}


def trafilatura_available() -> bool:
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def cpu_ms_per_page(pages: Sequence[Page], passes: int = 5) -> dict[str, float | None]:
    """Best-of-``passes`` CPU ms per page for each contender (None if not installed).

    Passes are interleaved (every contender once, then again), so a burst of load from
    elsewhere on the machine hits all contenders alike instead of one of them.
    """
    factories = {
        name: factory
        for name, factory in CONTENDERS.items()
        if name != "trafilatura" or trafilatura_available()
    }
    warm = pages[: min(5, len(pages))]
    for factory in factories.values():
        factory()(warm)  # imports, dateparser's language data, cssselect's translation cache
    best = dict.fromkeys(factories, float("inf"))
    for _ in range(passes):
        for name, factory in factories.items():
            run = factory()
            started = time.process_time()
            run(pages)
            best[name] = min(best[name], time.process_time() - started)
    return {name: 1000 * best[name] / len(pages) if name in best else None for name in CONTENDERS}
