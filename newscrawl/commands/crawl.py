"""``scrapy crawl`` for cron: argument errors, a state lock and a truthful exit status.

Scrapy's own command builds the spider inside the running crawl, so a bad ``-a`` value
ends as a logged traceback and exit status 1, and a crawl that ran but failed exits 0.
This one:

* checks the ``-a`` arguments while the command line is read, before logging starts
  (``newscrawl.commands.arguments``): a bad one is exactly one line on stderr, exit 2;
* creates the folder of ``LOG_FILE``, so a crontab's dated log needs no set-up;
* allows an incremental run exactly one feed and puts its state beside it, unless
  ``NEWSCRAWL_STATE_DIR`` says where, and takes its lock (exit 75 if another crawl
  holds it; a lock left by a dead process is taken over and said so);
* exits with the status the run's health rules gave (``newscrawl.health``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from newscrawl import health
from newscrawl.commands.arguments import fail, load_checked_spider
from newscrawl.state.lock import StateLock, StateLocked

if TYPE_CHECKING:
    import argparse

    from scrapy.settings import BaseSettings

#: the incremental state's folder, beside the run's (first local) feed file
STATE_FOLDER = "state"


def state_dir_beside_feed(feed_uris: list[str]) -> Path | None:
    """``<folder of the first local feed>/state``; None when no feed is a local file."""
    for uri in feed_uris:
        parts = urlsplit(uri)
        if parts.scheme == "file":
            return Path(parts.path).parent / STATE_FOLDER
        if len(parts.scheme) <= 1:  # a plain path (or a Windows drive letter)
            return Path(uri).parent / STATE_FOLDER
    return None


def create_log_folder(settings: BaseSettings) -> None:
    """Scrapy opens ``LOG_FILE`` as it starts and ends in a traceback when its folder is
    missing; a dated log under ``data/logs/`` should just work."""
    log_file = settings.get("LOG_FILE")
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)


class Command(ScrapyCrawlCommand):
    incremental = False

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        if len(args) != 1 or self.settings is None:
            return  # Scrapy's run() reports a missing or extra spider name
        spider_class = load_checked_spider(self.settings, "crawl", args[0], opts.spargs)
        if spider_class is None:
            return  # Scrapy's run() reports an unknown spider
        create_log_folder(self.settings)
        wants_state = getattr(spider_class, "wants_state", None)
        self.incremental = bool(wants_state and wants_state(**opts.spargs))
        if not self.incremental:
            return
        feeds = list(self.settings.getdict("FEEDS"))
        if not feeds:
            fail(
                "crawl",
                args[0],
                "incremental=true needs a feed (-o/-O FILE): the state records what "
                "the feed delivered",
            )
        if len(feeds) > 1:
            # each closing file commits its articles' revisions to the one state, so a
            # second feed of the same run would miss every article the first committed
            fail(
                "crawl",
                args[0],
                f"incremental=true takes one feed (-o/-O FILE), not {len(feeds)}: the "
                "state records what that feed delivered",
            )
        if not self.settings.get("NEWSCRAWL_STATE_DIR"):
            state_dir = state_dir_beside_feed(feeds)
            if state_dir is None:
                fail(
                    "crawl",
                    args[0],
                    "the feed is not a local file: say where the incremental state "
                    "lives with -s NEWSCRAWL_STATE_DIR=FOLDER",
                )
            self.settings.set("NEWSCRAWL_STATE_DIR", str(state_dir), priority="cmdline")

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
