"""``scrapy parse URL`` as a Scrapy user expects it of this project.

Scrapy's command finds the spider from the URL's host (``handles_request``), calls the
spider's ``parse`` unless ``-c`` names another callback, and prints what it returned.
This one also:

* takes the site from the URL when no ``-a base_url`` is given, so a page of a mirror
  or of the replica is parsed, not refused as off-site;
* checks the ``-a`` arguments as ``scrapy crawl`` does (one line, exit 2);
* leaves out the crawl's health verdict (``RunSummary``): one page is not a crawl, and
  "no article was discovered" would be a false alarm;
* wraps Scrapy's callback, which returns a Deferred (deprecated for callbacks since
  Scrapy 2.14, so every parse warned about itself), in a coroutine;
* prints items with the feed's fields (``FEED_EXPORT_FIELDS``), so transport data the
  crawl keeps inside (HTTP validators for the incremental state) does not show.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.utils import display
from scrapy.utils.defer import maybe_deferred_to_future

from newscrawl.commands.arguments import check_spider_arguments
from newscrawl.extensions.run_summary import RunSummary

if TYPE_CHECKING:
    import argparse

    from scrapy import Request, Spider
    from scrapy.http import Response


class Command(ScrapyParseCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        self.settings.set_in_component_priority_dict("EXTENSIONS", RunSummary, None)

    def set_spidercls(self, url: str, opts: argparse.Namespace) -> None:
        super().set_spidercls(url, opts)
        if self.spidercls is None:
            self.exitcode = 1  # Scrapy logged why; it would still exit 0
            return
        if "base_url" in getattr(self.spidercls, "arguments", ()):
            parts = urlsplit(url)
            opts.spargs.setdefault("base_url", f"{parts.scheme}://{parts.netloc}")
        check_spider_arguments(self.spidercls, "parse", opts.spargs)

    def prepare_request(
        self, spider: Spider, request: Request, opts: argparse.Namespace
    ) -> Request:
        request = super().prepare_request(spider, request, opts)
        returns_deferred = request.callback
        assert returns_deferred is not None

        async def callback(response: Response, **cb_kwargs: Any) -> list[Any]:
            return await maybe_deferred_to_future(returns_deferred(response, **cb_kwargs))

        request.callback = functools.update_wrapper(callback, returns_deferred)
        return request

    def print_items(self, lvl: int | None = None, colour: bool = True) -> None:
        assert self.settings is not None
        fields = self.settings.getlist("FEED_EXPORT_FIELDS")
        if not fields:
            super().print_items(lvl, colour)
            return
        if lvl is None:
            items = [item for level in self.items.values() for item in level]
        else:
            items = self.items.get(lvl, [])
        print("# Scraped Items ", "-" * 60)
        shown = [{name: ItemAdapter(item).get(name) for name in fields} for item in items]
        display.pprint(shown, colorize=colour)
