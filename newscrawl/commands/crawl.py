"""``scrapy crawl`` for cron: argument errors, a state lock and a truthful exit status.

Scrapy's own command builds the spider inside the crawl, so a bad ``-a`` value becomes
a traceback, and it exits 0 when the crawl ran but failed. This one checks the
spider's arguments first (exit 2, one line), takes the state directory's lock for an
incremental crawl (exit 75 if another crawl holds it), and exits with the status the
run's health rules gave (``newscrawl.health``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from newscrawl import health
from newscrawl.state.lock import StateLock, StateLocked


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's own usage errors
            return
        assert self.crawler_process is not None and self.settings is not None
        spidercls = self.crawler_process.spider_loader.load(args[0])
        check = getattr(spidercls, "check_arguments", None)
        if check is not None:
            try:
                check(**opts.spargs)
            except ValueError as error:
                raise UsageError(str(error), print_help=False) from None
        incremental = bool(getattr(spidercls, "wants_state", lambda **_: False)(**opts.spargs))
        if incremental and not self.settings.getdict("FEEDS"):
            raise UsageError(
                "incremental=true needs a feed (-o/-O FILE): the state records what the "
                "feed delivered",
                print_help=False,
            )
        if not incremental:
            self._crawl(args[0], opts)
            return
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
            self._crawl(args[0], opts)
        finally:
            lock.release()

    def _crawl(self, spider_name: str, opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None
        crawler = self._create_crawler(spider_name)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawler.stats is None:
            self.exitcode = health.ERRORED
            return
        self.exitcode = int(crawler.stats.get_value("newscrawl/exit_status", health.ERRORED))
