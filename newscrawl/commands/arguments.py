"""Spider arguments checked while the command line is read, for ``crawl`` and ``parse``.

Scrapy builds the spider inside the running crawl, so a bad ``-a`` value would end as a
logged traceback, and an unknown one (``-a sinse=...``) would simply become a spider
attribute nobody reads. A spider that declares ``arguments`` (the names it takes) and
``check_arguments(**kwargs)`` (raises ValueError with a one-line message) gets both
checked here: one line on stderr and exit status 2, before anything is crawled.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

from scrapy.spiderloader import get_spider_loader

from newscrawl import health
from newscrawl.spiders.arguments import reject_unknown

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.settings import BaseSettings


def fail(command: str, spider_name: str, message: str) -> NoReturn:
    print(f"scrapy {command} {spider_name}: error: {message}", file=sys.stderr)
    sys.exit(health.USAGE)


def check_spider_arguments(
    spider_class: type[Spider], command: str, arguments: dict[str, str]
) -> None:
    """Exit 2 with one line if ``arguments`` are unknown to the spider or invalid."""
    try:
        known = getattr(spider_class, "arguments", None)
        if known is not None:
            reject_unknown(arguments, known)
        check = getattr(spider_class, "check_arguments", None)
        if check is not None:
            check(**arguments)
    except ValueError as error:
        fail(command, spider_class.name, str(error))


def load_checked_spider(
    settings: BaseSettings, command: str, spider_name: str, arguments: dict[str, str]
) -> type[Spider] | None:
    """The spider class named ``spider_name`` with ``arguments`` checked; None when there
    is no such spider (Scrapy's command then says so itself)."""
    try:
        spider_class = get_spider_loader(settings).load(spider_name)
    except KeyError:
        return None
    check_spider_arguments(spider_class, command, arguments)
    return spider_class
