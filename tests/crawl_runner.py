"""Run ``scrapy crawl expertkz`` in a child process, as a user does, and collect the results.

The feed, the final stats (NEWSCRAWL_STATS_FILE) and the log are read back, and the child's peak
resident memory is taken from ``os.wait4`` (that child's own rusage, not the maximum over
every child this test process ever had, which is what RUSAGE_CHILDREN would give).
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscrawl.__main__ import crawl_command, scrapy_env

WORKTREE = Path(__file__).resolve().parent.parent

#: fast and deterministic: small timeouts and retry waits, no politeness delays
TEST_SETTINGS: dict[str, str] = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_TIMEOUT": "2",
    "RETRY_TIMES": "2",
    "RETRY_BACKOFF_BASE": "0.1",
    "RETRY_BACKOFF_MAX": "1.5",
    "TELNETCONSOLE_ENABLED": "False",
    "LOG_LEVEL": "INFO",
}


@dataclass
class CrawlResult:
    returncode: int
    records: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str
    peak_rss_mb: float

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, 0))


def run_crawl(
    base_url: str, workdir: Path, settings: dict[str, str] | None = None, timeout: float = 120
) -> CrawlResult:
    feed, stats, log = workdir / "feed.jsonl", workdir / "stats.json", workdir / "crawl.log"
    merged = {**TEST_SETTINGS, **(settings or {}), "NEWSCRAWL_STATS_FILE": str(stats)}
    extra = [arg for name, value in merged.items() for arg in ("-s", f"{name}={value}")]
    with log.open("wb") as log_file:
        child = subprocess.Popen(
            crawl_command(base_url, feed, extra),
            cwd=WORKTREE,
            env=scrapy_env(),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        watchdog = threading.Timer(timeout, child.kill)  # a hung crawl fails, not hangs
        watchdog.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            watchdog.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
    lines = feed.read_text(encoding="utf-8").splitlines() if feed.exists() else []
    return CrawlResult(
        returncode=child.returncode,
        records=[json.loads(line) for line in lines if line.strip()],
        stats=json.loads(stats.read_text(encoding="utf-8")) if stats.exists() else {},
        log=log.read_text(encoding="utf-8", errors="replace"),
        peak_rss_mb=usage.ru_maxrss / 1024,  # ru_maxrss is in KiB on Linux
    )
