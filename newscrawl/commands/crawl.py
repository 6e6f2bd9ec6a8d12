"""``scrapy crawl`` for cron: argument errors, a state lock and a truthful exit status.

Scrapy's own command builds the spider inside the running crawl, so a bad ``-a`` value
ends as a logged traceback and exit status 1, and a crawl that ran but failed exits 0.
This one:

* checks the spider's ``check_arguments(**spider_args)`` while the command line is
  read, before logging starts: a ValueError is exactly one line on stderr, exit 2;
* takes the state directory's lock for an incremental run (exit 75 if another crawl
  holds it; a lock left by a dead process is taken over and said so);
* exits with the status the run's health rules gave (``newscrawl.health``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.spiderloader import get_spider_loader

from newscrawl import health
from newscrawl.state.lock import StateLock, StateLocked

if TYPE_CHECKING:
    import argparse


def _fail(spider_name: str, message: str, status: int) -> None:
    print(f"scrapy crawl {spider_name}: error: {message}", file=sys.stderr)
    sys.exit(status)


class Command(ScrapyCrawlCommand):
    incremental = False

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1 or self.settings is None:
            return  # Scrapy's run() reports a missing or extra spider name
        try:
            spider_class = get_spider_loader(self.settings).load(args[0])
        except KeyError:
            return  # Scrapy's run() reports an unknown spider
        check = getattr(spider_class, "check_arguments", None)
        if check is not None:
            try:
                check(**opts.spargs)
            except ValueError as error:
                _fail(args[0], str(error), health.USAGE)
        wants_state = getattr(spider_class, "wants_state", None)
        self.incremental = bool(wants_state and wants_state(**opts.spargs))
        if self.incremental and not self.settings.getdict("FEEDS"):
            _fail(
                args[0],
                "incremental=true needs a feed (-o/-O FILE): the state records what "
                "the feed delivered",
                health.USAGE,
            )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or not self.incremental:
            self._crawl(args, opts)
            return
        assert self.settings is not None
        lock = StateLock(Path(self.settings["NEWSCRAWL_STATE_DIR"]))
        try:
            lock.acquire()
        except StateLocked as error:
            print(f"newscrawl: {error}; not starting (exit {health.LOCKED})", file=sys.stderr)
            self.exitcode = health.LOCKED
            return
        if lock.stale_pid is not None:
            print(
                f"newscrawl: took over the lock of pid {lock.stale_pid}, which is gone",
                file=sys.stderr,
            )
        try:
            self._crawl(args, opts)
        finally:
            lock.release()

    def _crawl(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's own usage errors
            return
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawler.stats is None:
            self.exitcode = health.ERRORED
            return
        self.exitcode = int(crawler.stats.get_value("newscrawl/exit_status", health.ERRORED))
