"""``scrapy crawl`` that rejects bad spider arguments before anything starts.

Scrapy builds the spider inside the running crawl, so a UsageError raised by a
spider's ``__init__`` ends as a logged traceback and exit status 1. A spider with a
``check_arguments(**spider_args)`` classmethod is checked here while the command line
is read, before logging starts: a ValueError becomes exactly one line on stderr and
exit status 2, the status Scrapy gives any other usage error.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.spiderloader import get_spider_loader

if TYPE_CHECKING:
    import argparse

USAGE_ERROR_STATUS = 2


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1 or self.settings is None:
            return  # Scrapy's run() reports a missing or extra spider name
        try:
            spider_class = get_spider_loader(self.settings).load(args[0])
        except KeyError:
            return  # Scrapy's run() reports an unknown spider
        check = getattr(spider_class, "check_arguments", None)
        if check is None:
            return
        try:
            check(**opts.spargs)
        except ValueError as error:
            print(f"scrapy crawl {args[0]}: error: {error}", file=sys.stderr)
            sys.exit(USAGE_ERROR_STATUS)
