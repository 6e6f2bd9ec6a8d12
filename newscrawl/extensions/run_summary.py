"""Judge each run and write its one-line JSON summary next to the feed.

At ``engine_stopped`` -- after the feed files are stored and the state committed --
the health rules (``newscrawl.health``) turn the final stats into
``newscrawl/exit_status`` (the crawl command exits with it) and every problem is
logged; then ``<feed>.summary.json`` gets one JSON line beside each feed file (or
beside the file the run would have written, when it wrote none): counts a
cron job or a dashboard can read without parsing the log. Errors of item pipelines,
which Scrapy only logs, are counted here (``newscrawl/errors/item_error``).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals

from newscrawl.health import HealthRules, judge

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def _prefixed(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {k.removeprefix(prefix): int(v) for k, v in stats.items() if k.startswith(prefix)}


def peak_rss_mb() -> float | None:
    """This process's peak resident memory (VmHWM), Linux only.

    Not ``ru_maxrss``: on Linux that starts from the parent's RSS at fork (it survives
    exec), so a crawl started by a large parent reports the parent's size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)  # kB
    except OSError:
        pass
    return None


def summarize(stats: dict[str, Any]) -> dict[str, Any]:
    """The run's counts, from its final stats."""
    started = stats.get("start_time")
    finished = stats.get("finish_time") or datetime.now(UTC)
    return {
        "started_at": started.isoformat(timespec="seconds") if started else None,
        "duration_s": round((finished - started).total_seconds(), 3) if started else None,
        "exit_status": stats.get("newscrawl/exit_status"),
        "problems": stats.get("newscrawl/problems", []),
        "finish_reason": stats.get("finish_reason"),
        "discovered": int(stats.get("newscrawl/discovery/articles", 0)),
        # records written to complete feed files (corrections included)
        "emitted": int(stats.get("newscrawl/feed/articles", 0)),
        "corrections": int(stats.get("newscrawl/feed/corrections", 0)),
        "emitted_new": int(stats.get("newscrawl/state/new", 0)),
        "emitted_revised": int(stats.get("newscrawl/state/revised", 0)),
        "unchanged": int(stats.get("newscrawl/state/unchanged", 0)),
        "not_modified": int(stats.get("newscrawl/state/not_modified", 0)),
        "skipped_known": int(stats.get("newscrawl/state/skipped_known", 0)),
        "dropped": _prefixed(stats, "newscrawl/dropped/"),
        "paragraphs_dropped": _prefixed(stats, "newscrawl/paragraphs/dropped/"),
        # requests given up on, by reason (http_404, timeout, too_large...), and
        # errors of the crawler itself
        "errors": {
            **_prefixed(stats, "newscrawl/errors/"),
            "spider_exceptions": int(stats.get("spider_exceptions/count", 0)),
            "feed_failures": sum(_prefixed(stats, "feedexport/failed_count/").values()),
        },
        "requests": int(stats.get("downloader/request_count", 0)),
        # discovery's share of them, and what is left (newscrawl.spiders.listing_walk)
        "requests_by_kind": _prefixed(stats, "newscrawl/requests/"),
        "listings": _prefixed(stats, "newscrawl/listing/"),
        "revisit_queue": {
            "length": int(stats.get("newscrawl/revisit/queue", 0)),
            "oldest_due_days": stats.get("newscrawl/revisit/oldest_due_days", 0),
        },
        "peak_rss_mb": stats.get("newscrawl/peak_rss_mb"),
        "feeds": stats.get("newscrawl/feeds", []),
    }


class RunSummary:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.rules = HealthRules.from_settings(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.item_error, signal=signals.item_error)
        # also at spider_closed, so the figure is in the stats Scrapy dumps to the log
        crawler.signals.connect(extension.record_peak_rss, signal=signals.spider_closed)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    @property
    def _stats(self) -> dict[str, Any]:
        assert self.crawler.stats is not None
        return self.crawler.stats.get_stats()

    def item_error(self) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/errors/item_error")

    def record_peak_rss(self) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("newscrawl/peak_rss_mb", peak_rss_mb())

    def engine_stopped(self) -> None:
        stats = self.crawler.stats
        assert stats is not None
        self.record_peak_rss()
        verdict = judge(self._stats, self.rules)
        stats.set_value("newscrawl/exit_status", verdict.status)
        stats.set_value("newscrawl/problems", verdict.problems)
        for problem in verdict.problems:
            logger.error("crawl health: %s", problem)
        summary = summarize(self._stats)
        line = json.dumps(summary, ensure_ascii=False, default=str)
        logger.info("run summary: %s", line)
        # beside each file written; a run that wrote none (nothing new, or a withheld
        # -O file) leaves its summary where its file would have been
        for feed in summary["feeds"] or stats.get_value("newscrawl/feed_targets", []):
            target = Path(feed)
            target.with_name(target.stem + ".summary.json").write_text(line + "\n", "utf-8")
