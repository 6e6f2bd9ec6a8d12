"""Run ``scrapy crawl expertkz`` in a child process, as a user does, and collect the results.

The feed, the final stats (NEWSCRAWL_STATS_FILE) and the log are read back. The child's
peak resident memory is the crawl's own VmHWM, which it records in its stats
(``newscrawl/peak_rss_mb``): the rusage from ``os.wait4`` would not do, because on Linux
a child's ``ru_maxrss`` starts from this (large) test process's RSS at fork.
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

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: politeness off for speed; the politeness test runs with the project defaults
FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False")

#: fast and deterministic fault crawls: small timeouts and retry waits, no politeness
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
class Crawl:
    returncode: int
    items: list[dict[str, Any]]
    #: the feed file as written (b"" when there is none)
    feed: bytes
    stats: dict[str, Any]
    log: str
    peak_rss_mb: float

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, 0))


def setting_args(settings: dict[str, str]) -> list[str]:
    return [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]


def read_feed(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def start_crawl(
    base_url: str, workdir: Path, *extra: str, own_feed: bool = False
) -> subprocess.Popen[bytes]:
    """Start a crawl writing ``workdir/feed.jsonl`` (unless ``own_feed``: then ``extra``
    names the feeds), ``workdir/stats.json`` and ``workdir/crawl.log``. It runs in
    ``workdir``, so relative paths (a default state folder, say) never land in the
    checkout."""
    workdir.mkdir(parents=True, exist_ok=True)
    command = crawl_command(
        base_url,
        None if own_feed else workdir / "feed.jsonl",
        ["-s", f"NEWSCRAWL_STATS_FILE={workdir / 'stats.json'}", *extra],
    )
    with (workdir / "crawl.log").open("wb") as log:
        return subprocess.Popen(
            command, cwd=workdir, env=scrapy_env(), stdout=log, stderr=subprocess.STDOUT
        )


def finish_crawl(process: subprocess.Popen[bytes], workdir: Path, timeout: float = 120) -> Crawl:
    """Wait for a crawl from ``start_crawl`` (killed after ``timeout``: a hung crawl fails,
    it does not hang the suite) and read what it left."""
    watchdog = threading.Timer(timeout, process.kill)
    watchdog.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        watchdog.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    feed, stats_file = workdir / "feed.jsonl", workdir / "stats.json"
    stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    # the wait4 figure is only an upper bound (see the module docstring)
    peak = stats.get("newscrawl/peak_rss_mb") or usage.ru_maxrss / 1024
    return Crawl(
        returncode=process.returncode,
        items=read_feed(feed) if feed.exists() else [],
        feed=feed.read_bytes() if feed.exists() else b"",
        stats=stats,
        log=(workdir / "crawl.log").read_text(encoding="utf-8", errors="replace"),
        peak_rss_mb=float(peak),
    )


def run_crawl(
    base_url: str, workdir: Path, *extra: str, timeout: float = 120, own_feed: bool = False
) -> Crawl:
    """One ``scrapy crawl expertkz`` in a child process, as a user would run it."""
    return finish_crawl(start_crawl(base_url, workdir, *extra, own_feed=own_feed), workdir, timeout)


def run_fault_crawl(
    base_url: str, workdir: Path, settings: dict[str, str] | None = None, timeout: float = 120
) -> Crawl:
    """A crawl with TEST_SETTINGS (plus ``settings``): fault tests need short timeouts."""
    return run_crawl(
        base_url, workdir, *setting_args({**TEST_SETTINGS, **(settings or {})}), timeout=timeout
    )
