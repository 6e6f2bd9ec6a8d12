"""Rebuild the feed from a web archive: ``newscrawl extract [-o OUT] [--state DIR] ARCHIVE...``.

The archive is indexed (damaged and unusable records reported on stderr, one line
each with file and offset, and counted), then the crawl is replayed from it in this
process (``newscrawl.archive.replay``) with the profile its warcinfo names: the feed
written is the one the crawl would write today from the same pages. With ``--state``
the run is incremental against that state and every known article is re-parsed, so
only articles whose content now comes out different are emitted, as new revisions:
how a parser fix reaches downstream without crawling again.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from newscrawl.archive.index import ArchiveIndex, build_index, warc_files
from newscrawl.archive.replay import INDEX_SETTING, replay_spider
from newscrawl.health import LOCKED
from newscrawl.state.lock import StateLock, StateLocked

PROG = "newscrawl extract"
#: every known article is due for a re-check, all of them in this run
#: (newscrawl.state.revisit, newscrawl.state.revisit_queue)
EVERY_KNOWN_ARTICLE = {"NEWSCRAWL_REVISIT_MAX_AGE_DAYS": 0, "NEWSCRAWL_REVISIT_LIMIT": 10**9}


def replay_settings(
    index: ArchiveIndex, site: str, output: Path | None, state: Path | None
) -> dict[str, Any]:
    handler = "newscrawl.archive.replay.ArchiveDownloadHandler"
    settings: dict[str, Any] = {
        INDEX_SETTING: index,
        "NEWSCRAWL_SITE": site,
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "NEWSCRAWL_ARCHIVE": None,  # the pages are not fetched again: nothing to archive
        "HTTPCACHE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "RETRY_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "FEEDS": {str(output) if output else "stdout:": {"format": "jsonlines", "overwrite": True}},
    }
    if state is not None:
        settings["NEWSCRAWL_STATE_DIR"] = str(state)
        settings.update(EVERY_KNOWN_ARTICLE)
    return settings


def rebuild(
    paths: Sequence[Path],
    output: Path | None = None,
    *,
    state: Path | None = None,
    site: str | None = None,
    jobs: int = 1,
    err: IO[str] = sys.stderr,
) -> int:
    """Replay the crawl from the archives in ``paths``; 0 when every record was usable,
    1 when any was skipped or nothing could be rebuilt, 75 when a crawl holds the state."""
    if state is None:
        return _replay(paths, output, None, site, jobs, err)
    lock = StateLock(state)  # the lock cron crawls take: one writer of the state
    try:
        lock.acquire()
    except StateLocked as error:
        print(f"{PROG}: {error}; not starting (exit {LOCKED})", file=err)
        return LOCKED
    try:
        return _replay(paths, output, state, site, jobs, err)
    finally:
        lock.release()


def _replay(
    paths: Sequence[Path],
    output: Path | None,
    state: Path | None,
    site: str | None,
    jobs: int,
    err: IO[str],
) -> int:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    files = warc_files(paths)
    index = build_index(files, site)
    for skipped in index.skipped:
        print(f"{PROG}: {skipped.where}: skipped: {skipped.reason}", file=err)
    site = site or index.site
    if site is None or index.base_url is None:
        print(f"{PROG}: no archived pages in {len(files)} WARC files", file=err)
        return 1
    settings = get_project_settings()
    settings.setdict(replay_settings(index, site, output, state), priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(replay_spider(site, jobs))
    process.crawl(crawler, base_url=index.base_url, incremental="true" if state else None)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    print(
        f"{PROG}: {len(files)} WARC files, {len(index.by_url)} pages, "
        f"{len(index.articles)} articles archived, {stats.get('item_scraped_count', 0)} written, "
        f"{len(index.skipped)} records skipped"
        + (f", {stats.get('newscrawl/archive/parsed_ahead', 0)} parsed ahead" if jobs > 1 else ""),
        file=err,
    )
    return 1 if index.skipped else 0
