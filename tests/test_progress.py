"""Progress: a log line with articles discovered, fetched, delivered and queued, the
rate and the time left; a bar on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from newscrawl.extensions.progress import Progress, duration
from newscrawl.replica.server import ReplicaServer
from tests.crawl_runner import FAST, run_crawl


def test_line_counts_and_estimate(monkeypatch: pytest.MonkeyPatch) -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_PROGRESS_INTERVAL": 60})
    crawler.stats.open_spider()
    progress = Progress.from_crawler(crawler)
    progress.started = 1000.0
    # two minutes after the start
    monkeypatch.setattr("newscrawl.extensions.progress.time.monotonic", lambda: 1120.0)
    crawler.stats.set_value("newscrawl/discovery/articles", 500)
    crawler.stats.set_value("newscrawl/state/skipped_known", 100)
    crawler.stats.set_value("item_scraped_count", 0)
    progress.fetched = 100  # 50 a minute; 300 still wanted: 6 minutes
    assert progress.line() == (
        "progress: 500 articles discovered, 100 fetched, 0 delivered, 300 queued; "
        "50.0 fetched/min, about 6 min left"
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(45, "45 s"), (600, "10 min"), (5 * 3600 + 1200, "5 h 20 min"), (76 * 3600, "3 d 4 h")],
)
def test_duration(seconds: float, text: str) -> None:
    assert duration(seconds) == text


def test_crawl_logs_progress_and_draws_a_bar(replica: ReplicaServer, tmp_path: Path) -> None:
    """The last line, at close, has the replica's exact counts: 30 article links (29
    articles and a dead link), all fetched, 29 delivered."""
    result = run_crawl(replica.base_url, tmp_path, *FAST, "-s", "NEWSCRAWL_PROGRESS_BAR=True")
    assert result.returncode == 0, result.log[-3000:]
    lines = [line for line in result.log.splitlines() if "] INFO: progress: " in line]
    assert (
        lines[-1]
        .split("INFO: ")[1]
        .startswith("progress: 30 articles discovered, 30 fetched, 29 delivered, 0 queued; ")
    )
    assert "articles fetched: 100%" in result.log and "30/30" in result.log  # tqdm's bar
