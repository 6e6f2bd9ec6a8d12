"""Shared fixtures: the replica served over real HTTP, and real ``scrapy crawl`` runs."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newscrawl.__main__ import crawl_command, scrapy_env
from newscrawl.replica.server import ReplicaServer

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: politeness off for speed; the politeness test runs with the project defaults
FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False")


@dataclass
class Crawl:
    returncode: int
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, 0))


def read_feed(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def start_crawl(
    base_url: str, workdir: Path, *extra: str, own_feed: bool = False
) -> subprocess.Popen[str]:
    """Start ``scrapy crawl expertkz`` writing ``workdir/feed.jsonl`` (unless ``own_feed``:
    then ``extra`` names the feeds) and ``workdir/stats.json``."""
    workdir.mkdir(parents=True, exist_ok=True)
    command = crawl_command(
        base_url,
        None if own_feed else workdir / "feed.jsonl",
        ["-s", f"NEWSCRAWL_STATS_FILE={workdir / 'stats.json'}", *extra],
    )
    return subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=scrapy_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish_crawl(process: subprocess.Popen[str], workdir: Path, timeout: float = 120) -> Crawl:
    """Wait for a crawl started by ``start_crawl`` and read what it left."""
    _, log = process.communicate(timeout=timeout)
    feed, stats_file = workdir / "feed.jsonl", workdir / "stats.json"
    items = read_feed(feed) if feed.exists() else []
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return Crawl(process.returncode, items, stats, log)


def run_crawl(
    base_url: str, workdir: Path, *extra: str, timeout: float = 120, own_feed: bool = False
) -> Crawl:
    """One ``scrapy crawl expertkz`` in a child process, as a user would run it."""
    process = start_crawl(base_url, workdir, *extra, own_feed=own_feed)
    return finish_crawl(process, workdir, timeout)


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    with ReplicaServer() as server:
        yield server
